import * as Notification from "@bourse/core/social/notification";
import { noStore, route } from "@/server/respond";

/** The unread count alone (a COUNT query on a sparse index): what the navigation polls. */
const count = route(async () => noStore({ unread: await Notification.unreadCount() }));

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ GET: count });
