import * as Notification from "@bourse/core/social/notification";
import { PageQuery } from "@/server/api/social";
import { noStore, query, route } from "@/server/respond";

/** The caller's notification groups, most recently active first, with the unread count. */
const list = route(async (req) => noStore(await Notification.list(query(req, PageQuery))));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: list });
