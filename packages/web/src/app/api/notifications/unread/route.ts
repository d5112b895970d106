import { Notification } from "@bourse/core/social";
import { noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** The unread count alone (a COUNT query on a sparse index): what the navigation polls. */
export const GET = route(async () => noStore({ unread: await Notification.unreadCount() }));

export const { POST, PUT, PATCH, DELETE } = route.otherMethods("GET");
