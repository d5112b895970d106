import { Notification } from "@bourse/core/social";
import { noStore } from "../../../server/auth";
import { PageQuery } from "../../../server/openapi";
import { query, route } from "../../../server/respond";

/** The caller's notification groups, most recently active first, with the unread count. */
export const GET = route(async (req) => noStore(await Notification.list(query(req, PageQuery))));

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
