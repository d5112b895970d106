import * as Follow from "@bourse/core/social/follow";
import { PageQuery } from "@/server/api/social";
import { noStore, query, route } from "@/server/respond";

/** Who follows a member, most recent first. */
const list = route<{ handle: string }>(async (req, { params }) =>
  noStore(await Follow.followers((await params).handle, query(req, PageQuery))),
);

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
