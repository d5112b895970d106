import * as Notification from "@bourse/core/social/notification";
import { noStore, route } from "@/server/respond";

/** Mark some groups read (`{ids}`) or all (`{all: true}`); answers the unread count left, for the badge. */
const markRead = route.json(Notification.MarkRead, async (input) => {
  const { marked } = await Notification.markRead(input);
  return noStore({ marked, unread: await Notification.unreadCount() });
});

export const { GET, POST, PUT, PATCH, DELETE } = route.methods({ POST: markRead });
