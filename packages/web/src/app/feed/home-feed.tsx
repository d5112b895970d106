"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { refetchAfterWrite } from "@/client/after-write";
import { api } from "@/client/api";
import { useMe } from "@/client/auth";
import { pollUnlessLive, useLiveTopic } from "@/client/realtime";
import { keys, mediaUrl, type Page, type PostInfo, profileUrl } from "@/client/social";
import { Avatar } from "@/components/social/avatar";
import { LikeButton } from "@/components/social/like-button";
import { RichText } from "@/components/social/rich-text";
import { Ago } from "@/components/social/time";

/** Under the posts' key, so likes (optimistic) and new posts of one's own update the feed as well. */
const FEED_KEY = [...keys.allPosts, "feed"] as const;
const PAGE_SIZE = 10;
/** How often the newest posts are checked for the "new posts" indicator, unless they are pushed. */
const NEW_POSTS_POLL_MS = 20_000;

const feedUrl = (cursor: string | null, limit: number) =>
  `/api/feed?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;

/** The home feed with infinite scroll, and a "new posts" button when newer posts have arrived. */
export function HomeFeed() {
  const me = useMe();
  const member = me.data?.kind === "member";
  const client = useQueryClient();
  const feed = useInfiniteQuery({
    queryKey: FEED_KEY,
    queryFn: ({ pageParam }) => api<Page<PostInfo>>(feedUrl(pageParam, PAGE_SIZE)),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.cursor,
    enabled: member,
    // The list stays as read until the reader asks for the new posts (no jumps under their eyes).
    refetchOnWindowFocus: false,
  });
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const newest = posts[0]?.id;
  // The head of the feed, pushed (feed:<me>) or polled: posts newer than the newest shown make the indicator.
  const live = useLiveTopic(member && me.data ? `feed:${me.data.id}` : undefined);
  const head = useQuery({
    queryKey: ["feed-head"],
    queryFn: () => api<Page<PostInfo>>(feedUrl(null, 10)),
    enabled: member && feed.isSuccess,
    refetchInterval: pollUnlessLive(live, NEW_POSTS_POLL_MS),
  });
  const fresh = newest
    ? (head.data?.items.filter((p) => p.id > newest).length ?? 0)
    : (head.data?.items.length ?? 0);

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = feed;
  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "600px" },
    );
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (me.isPending) return <p className="muted">Loading…</p>;
  if (!member)
    return (
      <p className="card">
        <Link href="/signup">Sign up</Link> or <Link href="/login">log in</Link> to follow people and read
        their posts here.
      </p>
    );

  const showNew = async () => {
    await client.resetQueries({ queryKey: FEED_KEY, exact: true });
    await refetchAfterWrite(client, ["feed-head"]);
    window.scrollTo({ top: 0, behavior: "smooth" });
  };

  return (
    <section className="feed" aria-label="Home feed" data-testid="feed">
      {fresh > 0 && (
        <button
          type="button"
          className="feed-new"
          data-testid="feed-new-posts"
          onClick={showNew}
          style={{ position: "sticky", top: "0.5rem", zIndex: 1, display: "block", margin: "0 auto 1rem" }}
        >
          {fresh >= 10 ? "10+ new posts" : `${fresh} new ${fresh === 1 ? "post" : "posts"}`} ↑
        </button>
      )}
      {feed.isPending && <p className="muted">Loading…</p>}
      {feed.error && <p className="error">The feed is unavailable: {feed.error.message}</p>}
      {feed.isSuccess && posts.length === 0 && (
        <p className="card muted" data-testid="feed-empty">
          Nothing here yet. Follow people from their profiles, or post something from{" "}
          <Link href="/social">Social</Link>.
        </p>
      )}
      {posts.map((post) => (
        <FeedPost key={post.id} post={post} />
      ))}
      <div ref={sentinel} aria-hidden="true" />
      {isFetchingNextPage && <p className="muted">Loading older posts…</p>}
      {hasNextPage && !isFetchingNextPage && (
        <button type="button" className="button-secondary" onClick={() => fetchNextPage()}>
          Older posts
        </button>
      )}
      {feed.isSuccess && posts.length > 0 && !hasNextPage && (
        <p className="muted small" data-testid="feed-end">
          You're all caught up.
        </p>
      )}
    </section>
  );
}

function FeedPost({ post }: { post: PostInfo }) {
  const author = post.author;
  return (
    <article className="card post" data-testid="feed-post" aria-label={`Post by ${author.displayName}`}>
      <header className="post-header">
        <Avatar person={author} />
        <div>
          {author.handle ? (
            <Link href={profileUrl(author.handle)}>
              <strong>{author.displayName}</strong> <span className="muted">@{author.handle}</span>
            </Link>
          ) : (
            <strong>{author.displayName}</strong>
          )}
          <div className="small muted">
            <Link href={`/p/${post.id}`}>
              <Ago at={post.createdAt} />
            </Link>
          </div>
        </div>
      </header>
      <Link href={`/p/${post.id}`}>
        {/* biome-ignore lint/performance/noImgElement: served by our media redirect, not Next's optimizer. */}
        <img
          className="post-image"
          src={mediaUrl(post.imageKey)}
          alt={post.caption ? post.caption.slice(0, 200) : `Posted by ${author.displayName}`}
          loading="lazy"
        />
      </Link>
      <div className="post-actions">
        <LikeButton post={post} member />
        <Link href={`/p/${post.id}`} className="muted small">
          {post.commentsCount} {post.commentsCount === 1 ? "comment" : "comments"}
        </Link>
      </div>
      {post.caption && (
        <p className="post-caption">
          <RichText text={post.caption} mentions={post.mentions} />
        </p>
      )}
    </article>
  );
}
