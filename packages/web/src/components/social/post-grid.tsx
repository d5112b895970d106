import Link from "next/link";
import { mediaUrl, type PostInfo } from "@/client/social";

/** Posts as square tiles linking to each post, counts on the tile. */
export function PostGrid({ posts }: { posts: PostInfo[] }) {
  return (
    <ul className="post-grid" data-testid="post-grid">
      {posts.map((post) => (
        <li key={post.id}>
          <Link href={`/p/${post.id}`} className="post-tile" data-testid="post-tile">
            {/* biome-ignore lint/performance/noImgElement: served by our media redirect, not Next's optimizer. */}
            <img
              src={mediaUrl(post.imageKey)}
              alt={post.caption ? post.caption.slice(0, 120) : `Post by ${post.author.displayName}`}
              loading="lazy"
            />
            <span className="post-tile-counts">
              <span aria-hidden="true">♥</span> {post.likesCount}
              <span className="visually-hidden"> likes,</span> <span aria-hidden="true">✎</span>{" "}
              {post.commentsCount}
              <span className="visually-hidden"> comments</span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
