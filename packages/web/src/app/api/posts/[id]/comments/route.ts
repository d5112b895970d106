import { Comment } from "@bourse/core/social";
import { noStore } from "../../../../../server/auth";
import { CommentInput, PageQuery } from "../../../../../server/openapi";
import { query, route } from "../../../../../server/respond";

/** A post's comments, oldest first, as a conversation reads. */
export const GET = route<{ id: string }>(async (req, { params }) =>
  noStore(await Comment.list((await params).id, query(req, PageQuery))),
);

export const POST = route.json<typeof CommentInput, { id: string }>(
  CommentInput,
  async (input, _req, { params }) => noStore(await Comment.create((await params).id, input), { status: 201 }),
);

export const { PUT, PATCH, DELETE } = route.otherMethods("GET", "POST");
