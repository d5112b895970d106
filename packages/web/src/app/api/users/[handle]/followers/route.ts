import { Follow } from "@bourse/core/social";
import { noStore } from "../../../../../server/auth";
import { PageQuery } from "../../../../../server/openapi";
import { query, route } from "../../../../../server/respond";

/** Who follows a member, most recent first. */
export const GET = route<{ handle: string }>(async (req, { params }) =>
  noStore(await Follow.followers((await params).handle, query(req, PageQuery))),
);

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
