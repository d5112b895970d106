import { Follow } from "@bourse/core/social";
import { noStore } from "../../../../../server/auth";
import { route } from "../../../../../server/respond";

/** Follow and unfollow are PUT and DELETE of one edge: both idempotent, so a retry is harmless. */
export const PUT = route<{ handle: string }>(async (_req, { params }) =>
  noStore(await Follow.follow((await params).handle)),
);

export const DELETE = route<{ handle: string }>(async (_req, { params }) =>
  noStore(await Follow.unfollow((await params).handle)),
);

export const { GET, POST, PATCH } = route.otherMethods("PUT", "DELETE");
