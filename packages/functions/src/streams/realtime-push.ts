import { Push } from "@bourse/core/realtime";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/** Posts notifications, feed heads, sentiment, orders and breaker states to the sockets that follow them. */
export const handler = streamHandler("RealtimePush", async (record) => {
  await Push.handle(changeOf(record));
});
