export * as Like from "./like";

import { member } from "../actor";
import { ignoreConditionalFailure } from "../dynamo";
import { getAll } from "../dynamo/batch";
import { type Clock, systemClock } from "../util/clock";
import { isID } from "../util/id";
import { likes } from "./entities";
import { postAuthorOf } from "./post-author";
import * as ReadCache from "./read-cache";

/**
 * Like a post, idempotently: one conditional put, so a repeat writes nothing and the counter subscriber
 * sees one INSERT. The post's existence comes from post-author.ts (read at most every 30 s per instance);
 * a like that lands on a post deleted meanwhile elsewhere is taken back when it is counted.
 */
export async function like(
  postID: string,
  now: Clock = systemClock,
): Promise<{ postID: string; liked: true }> {
  const userID = member();
  const postAuthorID = await postAuthorOf(postID, now);
  // Already liked: the like stands, which is what was asked.
  await ignoreConditionalFailure(
    likes.create({ postID, userID, postAuthorID, createdAt: now().getTime() }).go(),
  );
  ReadCache.liked(postID, now);
  return { postID, liked: true };
}

/** Unlike, idempotently: only an existing like is deleted, so a repeat makes no REMOVE event. */
export async function unlike(
  postID: string,
  now: Clock = systemClock,
): Promise<{ postID: string; liked: false }> {
  const userID = member();
  if (!isID(postID)) return { postID, liked: false };
  await likes.delete({ postID, userID }).go({ response: "all_old" });
  ReadCache.liked(postID, now);
  return { postID, liked: false };
}

/** Which of these posts the user likes (batched reads, complete or an error). */
export async function likedBy(userID: string, postIDs: string[]): Promise<Set<string>> {
  if (postIDs.length === 0) return new Set();
  const keys = [...new Set(postIDs)].map((postID) => ({ postID, userID }));
  const found = await getAll(keys, (left) => likes.get(left).go());
  return new Set(found.map((item) => item.postID));
}
