import * as Post from "@bourse/core/social/post";
import { PageQuery } from "@/server/api/social";
import { noStore, query, route } from "@/server/respond";

/** A member's posts, newest first; `likedByMe` on each for a member. */
const list = route<{ handle: string }>(async (req, { params }) =>
  noStore(await Post.listByAuthor((await params).handle, query(req, PageQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
