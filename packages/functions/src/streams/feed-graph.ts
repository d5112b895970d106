import * as Feed from "@bourse/core/feed";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/**
 * Home feed graph changes: a follow backfills or lists the followee, an unfollow removes them, and a user
 * whose follower count crosses the celebrity threshold moves between fanned-out and merged-at-read.
 */
export const handler = streamHandler("FeedGraph", async (record) => {
  await Feed.handleGraph(changeOf(record));
});
