import { Notification } from "@bourse/core/social";
import { noStore } from "../../../../server/auth";
import { route } from "../../../../server/respond";

/** Mark some groups read (`{ids}`) or all (`{all: true}`); answers the unread count left, for the badge. */
export const POST = route.json(Notification.MarkRead, async (input) => {
  const { marked } = await Notification.markRead(input);
  return noStore({ marked, unread: await Notification.unreadCount() });
});

export const { GET, PUT, PATCH, DELETE } = route.otherMethods("POST");
