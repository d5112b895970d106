export * as Like from "./like";

import { member } from "../actor";
import { getAll } from "../dynamo/batch";
import { action, exists, transact } from "../dynamo/transaction";
import { NotFoundError } from "../error";
import { type Clock, systemClock } from "../util/clock";
import { isID } from "../util/id";
import { likes, posts } from "./entities";
import { postAuthorOf } from "./post-author";
import * as ReadCache from "./read-cache";

/**
 * Like a post, idempotently: the like is created only if absent, so a repeat writes nothing and the
 * counter subscriber sees one INSERT. The same transaction checks that the post still exists, so no like
 * outlives a deleted post's cleanup.
 */
export async function like(
  postID: string,
  now: Clock = systemClock,
): Promise<{ postID: string; liked: true }> {
  const userID = member();
  const postAuthorID = await postAuthorOf(postID);
  const outcome = await transact([
    exists(posts.get({ postID }).params()),
    action(likes.create({ postID, userID, postAuthorID, createdAt: now().getTime() })),
  ]);
  if (!outcome.ok) {
    if (outcome.codes[0] === "ConditionalCheckFailed") throw new NotFoundError("No such post");
    // Already liked: the like stands, which is what was asked. Anything else is a real failure.
    if (outcome.codes[1] !== "ConditionalCheckFailed") throw new Error(`like failed: ${outcome.codes}`);
  }
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
