import * as Post from "@bourse/core/social/post";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/** On a post's REMOVE: deletes its likes, comments, notifications and image (idempotent). */
export const handler = streamHandler("PostCleanup", async (record) => {
  const { oldImage } = changeOf(record);
  if (oldImage) await Post.cleanup(oldImage as Post.Item);
});
