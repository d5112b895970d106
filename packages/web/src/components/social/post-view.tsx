"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ApiError } from "@/client/api";
import { useMe } from "@/client/auth";
import { mediaUrl, profileUrl, useDeletePost, usePost } from "@/client/social";
import { FormError } from "@/components/field";
import { Avatar } from "./avatar";
import { Comments } from "./comments";
import { LikeButton } from "./like-button";
import { RichText } from "./rich-text";
import { Ago } from "./time";

/** One post: the image, its author, the caption, likes, and the conversation under it. */
export function PostView({ id }: { id: string }) {
  const post = usePost(id);
  const me = useMe();
  const remove = useDeletePost();
  const router = useRouter();
  if (post.isPending) return <p className="muted">Loading…</p>;
  if (post.error)
    return post.error instanceof ApiError && post.error.status === 404 ? (
      <>
        <h1>Post not found</h1>
        <p className="lead">
          This post does not exist or was deleted. <Link href="/social">Back to Social</Link>.
        </p>
      </>
    ) : (
      <p className="error">This post is unavailable: {post.error.message}</p>
    );
  const p = post.data;
  const member = me.data?.kind === "member";
  const mine = member && me.data?.id === p.author.id;
  const del = () => {
    if (!window.confirm("Delete this post? Its likes and comments go with it.")) return;
    remove.mutate(p, {
      onSuccess: () => router.push(p.author.handle ? profileUrl(p.author.handle) : "/social"),
    });
  };
  return (
    <>
      <article className="card post" data-testid="post" aria-label={`Post by ${p.author.displayName}`}>
        <header className="post-header">
          <Avatar person={p.author} />
          <div>
            {p.author.handle ? (
              <Link href={profileUrl(p.author.handle)} data-testid="post-author">
                <strong>{p.author.displayName}</strong> <span className="muted">@{p.author.handle}</span>
              </Link>
            ) : (
              <strong>{p.author.displayName}</strong>
            )}
            <div className="small muted">
              <Ago at={p.createdAt} />
            </div>
          </div>
          {mine && (
            <button
              type="button"
              className="button-secondary post-delete"
              onClick={del}
              disabled={remove.isPending}
            >
              {remove.isPending ? "Deleting…" : "Delete post"}
            </button>
          )}
        </header>
        {/* biome-ignore lint/performance/noImgElement: served by our media redirect, not Next's optimizer. */}
        <img
          className="post-image"
          src={mediaUrl(p.imageKey)}
          alt={p.caption ? p.caption.slice(0, 200) : `Posted by ${p.author.displayName}`}
          data-testid="post-image"
        />
        <div className="post-actions">
          <LikeButton post={p} member={member} />
          <span className="muted small">
            {p.commentsCount} {p.commentsCount === 1 ? "comment" : "comments"}
          </span>
        </div>
        {p.caption && (
          <p className="post-caption" data-testid="post-caption">
            <RichText text={p.caption} mentions={p.mentions} />
          </p>
        )}
        <FormError error={remove.error} />
      </article>
      <Comments post={p} me={{ id: me.data?.id ?? "", member }} />
    </>
  );
}
