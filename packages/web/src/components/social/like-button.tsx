"use client";

import Link from "next/link";
import { type PostInfo, useLike } from "@/client/social";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The heart: a toggle, shown at once (optimistic), with the count beside it. Guests are asked to sign up. */
export function LikeButton({ post, member }: { post: PostInfo; member: boolean }) {
  const like = useLike();
  const liked = Boolean(post.likedByMe);
  return (
    <span className="like">
      {member ? (
        <button
          type="button"
          className={`icon-button${liked ? " liked" : ""}`}
          aria-pressed={liked}
          aria-label="Like"
          onClick={() => like.mutate({ id: post.id, like: !liked })}
        >
          <span aria-hidden="true">{liked ? "♥" : "♡"}</span>
        </button>
      ) : (
        <Link href="/signup" className="icon-button" aria-label="Sign up to like">
          <span aria-hidden="true">♡</span>
        </Link>
      )}
      <span data-testid="likes-count">{plural(post.likesCount, "like", "likes")}</span>
      {like.error && (
        <span role="alert" className="error small">
          {like.error.message}
        </span>
      )}
    </span>
  );
}
