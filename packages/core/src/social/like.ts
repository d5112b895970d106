export * as Like from "./like";

import { NotFoundError } from "../error";
import { exists, isID, member, transact } from "./common";
import { likes, posts } from "./entities";

/**
 * Like a post, idempotently: the like is created only if absent, so a repeat writes nothing and the
 * counter subscriber sees one INSERT. The same transaction checks that the post still exists, so no like
 * outlives a deleted post's cleanup.
 */
export async function like(postID: string): Promise<{ postID: string; liked: true }> {
  const userID = member();
  const post = isID(postID) ? (await posts.get({ postID }).go({ consistent: true })).data : null;
  if (!post) throw new NotFoundError("No such post");
  const outcome = await transact([
    exists(posts.get({ postID }).params()),
    { Put: likes.create({ postID, userID, postAuthorID: post.authorID, createdAt: Date.now() }).params() },
  ]);
  if (!outcome.ok) {
    if (outcome.codes[0] === "ConditionalCheckFailed") throw new NotFoundError("No such post");
    // Already liked: the like stands, which is what was asked. Anything else is a real failure.
    if (outcome.codes[1] !== "ConditionalCheckFailed") throw new Error(`like failed: ${outcome.codes}`);
  }
  return { postID, liked: true };
}

/** Unlike, idempotently: only an existing like is deleted, so a repeat makes no REMOVE event. */
export async function unlike(postID: string): Promise<{ postID: string; liked: false }> {
  const userID = member();
  if (isID(postID)) await likes.delete({ postID, userID }).go({ response: "all_old" });
  return { postID, liked: false };
}

/** Which of these posts the user likes (one BatchGet). */
export async function likedBy(userID: string, postIDs: string[]): Promise<Set<string>> {
  if (postIDs.length === 0) return new Set();
  let keys = [...new Set(postIDs)].map((postID) => ({ postID, userID }));
  const liked = new Set<string>();
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
    const result = await likes.get(keys).go();
    for (const item of result.data) liked.add(item.postID);
    keys = result.unprocessed.map((k) => ({ postID: k.postID, userID }));
  }
  return liked;
}
