import { Post } from "@bourse/core/social";
import { noStore } from "../../../../../server/auth";
import { PageQuery } from "../../../../../server/openapi";
import { query, route } from "../../../../../server/respond";

/** A member's posts, newest first; `likedByMe` on each for a member. */
export const GET = route<{ handle: string }>(async (req, { params }) =>
  noStore(await Post.listByAuthor((await params).handle, query(req, PageQuery))),
);

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
