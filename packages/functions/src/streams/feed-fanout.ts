import * as Feed from "@bourse/core/feed";
import type * as Post from "@bourse/core/social/post";
import { logger } from "../lib/lambda";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/**
 * Home feed fan-out: a post INSERT goes into its followers' feeds (unless its author is a celebrity), a
 * post REMOVE leaves every feed. Both are idempotent; records of one post arrive in order, so a deleted
 * post's removal always runs after its fan-out.
 */
export const handler = streamHandler("FeedFanout", async (record) => {
  const change = changeOf(record);
  if (change.eventName === "INSERT" && change.newImage) {
    const post = change.newImage as Post.Item;
    const delivery = await Feed.fanOut({ postID: post.postID, authorID: post.authorID });
    logger.debug("fanned out", { postID: post.postID, ...delivery });
  } else if (change.eventName === "REMOVE" && change.oldImage) {
    await Feed.retract((change.oldImage as Post.Item).postID);
  }
});
