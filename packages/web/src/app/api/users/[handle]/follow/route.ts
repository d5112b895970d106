import * as Follow from "@bourse/core/social/follow";
import { noStore, route } from "@/server/respond";

/** Follow and unfollow are PUT and DELETE of one edge: both idempotent, so a retry is harmless. */
const follow = route<{ handle: string }>(async (_req, { params }) =>
  noStore(await Follow.follow((await params).handle)),
);

const unfollow = route<{ handle: string }>(async (_req, { params }) =>
  noStore(await Follow.unfollow((await params).handle)),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ PUT: follow, DELETE: unfollow });
