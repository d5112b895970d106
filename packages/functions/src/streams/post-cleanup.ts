import { Post } from "@bourse/core/social";
import { streamHandler } from "../lib/stream";
import { changeOf } from "./social-change";

/** On a post's REMOVE: deletes its likes, comments, notifications and image (idempotent). */
export const handler = streamHandler("PostCleanup", async (record) => {
  const { oldImage } = changeOf(record);
  if (oldImage) await Post.cleanup(oldImage as Post.Item);
});
