import * as Like from "@bourse/core/social/like";
import { noStore, route } from "@/server/respond";

/** Like and unlike are PUT and DELETE of one item: idempotent; the post's count follows from the stream. */
const like = route<{ id: string }>(async (_req, { params }) => noStore(await Like.like((await params).id)));

const unlike = route<{ id: string }>(async (_req, { params }) =>
  noStore(await Like.unlike((await params).id)),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ PUT: like, DELETE: unlike });
