import * as Comment from "@bourse/core/social/comment";
import { PageQuery } from "@/server/api/social";
import { noStore, query, route } from "@/server/respond";

/** A post's comments, oldest first, as a conversation reads. */
const list = route<{ id: string }>(async (req, { params }) =>
  noStore(await Comment.list((await params).id, query(req, PageQuery))),
);

const create = route.json<typeof Comment.Input, { id: string }>(
  Comment.Input,
  async (input, _req, { params }) => noStore(await Comment.create((await params).id, input), { status: 201 }),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list, POST: create });
