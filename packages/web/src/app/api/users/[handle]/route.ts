import * as Follow from "@bourse/core/social/follow";
import { noStore, route } from "@/server/respond";

/** A member's public profile, and whether the calling member follows them (core: Follow.view). */
const read = route<{ handle: string }>(async (_req, { params }) =>
  // Counts and the follow state are per viewer and change often: never cached.
  noStore(await Follow.view((await params).handle)),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: read });
