import { Like } from "@bourse/core/social";
import { noStore } from "../../../../../server/auth";
import { route } from "../../../../../server/respond";

/** Like and unlike are PUT and DELETE of one item: idempotent; the post's count follows from the stream. */
export const PUT = route<{ id: string }>(async (_req, { params }) =>
  noStore(await Like.like((await params).id)),
);

export const DELETE = route<{ id: string }>(async (_req, { params }) =>
  noStore(await Like.unlike((await params).id)),
);

export const { GET, POST, PATCH } = route.otherMethods("PUT", "DELETE");
