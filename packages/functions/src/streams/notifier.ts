import * as Notification from "@bourse/core/social/notification";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/** Writes like, comment, follow and mention notifications, one idempotent transaction per recipient. */
export const handler = streamHandler("Notifier", async (record) => {
  await Notification.handle(changeOf(record));
});
