/**
 * Test fixtures for the home feed on the local platform: posts written straight to the table (the post
 * item is the event; no image upload needed), follower counts pushed over or under the celebrity
 * threshold (as the counter subscriber would after thousands of follows), and readers made inactive.
 */
import { ulid } from "ulid";
import { follows, posts } from "../../social/entities";
import { users } from "../../user/entities";
import { feedStates } from "../entities";
import { celebrityThreshold, INACTIVE_MS } from "../store";

export interface QuickPost {
  postID: string;
  authorID: string;
}

/** A post by `authorID`, written as Post.create would write it (with a placeholder image key). */
export async function quickPost(authorID: string, caption = ""): Promise<QuickPost> {
  const postID = ulid();
  await posts
    .create({
      postID,
      authorID,
      imageKey: `uploads/${authorID}/${postID}.png`,
      contentType: "image/png",
      caption,
      createdAt: Date.now(),
    })
    .go();
  return { postID, authorID };
}

/** Deletes a post item as Post.remove does (its REMOVE is the event). */
export async function deletePost(postID: string): Promise<void> {
  await posts.delete({ postID }).go();
}

/** A follow edge, as Follow.follow writes it. */
export async function follow(followerID: string, followeeID: string): Promise<void> {
  await follows.create({ followerID, followeeID, createdAt: Date.now() }).go();
}

export async function unfollow(followerID: string, followeeID: string): Promise<void> {
  await follows.delete({ followerID, followeeID }).go();
}

/** Moves a user's follower count by `by` (one MODIFY record, as a counter batch would). */
export async function addFollowers(userID: string, by: number): Promise<void> {
  await users.patch({ userID }).add({ followersCount: by }).go();
}

/** Makes a user a celebrity by the current threshold (their count crosses it in one MODIFY). */
export const promote = (userID: string) => addFollowers(userID, celebrityThreshold());
/** Undoes `promote`. */
export const demote = (userID: string) => addFollowers(userID, -celebrityThreshold());

/** A reader away for 31 days: last activity and feed marker both that old. */
export async function makeInactive(userID: string, now = Date.now()): Promise<void> {
  const then = now - INACTIVE_MS - 86_400_000;
  await users.patch({ userID }).set({ lastActiveAt: then }).go();
  await feedStates.update({ readerID: userID }).set({ activeAt: then }).go();
}

export async function stateOf(readerID: string) {
  return (await feedStates.get({ readerID }).go({ consistent: true })).data ?? undefined;
}
