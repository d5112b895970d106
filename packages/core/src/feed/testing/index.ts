/**
 * Test fixtures for the home feed on the local platform: posts written straight to the table (the post
 * item is the event; no image upload needed), follower counts pushed over or under the celebrity
 * threshold (as the counter subscriber would after thousands of follows), and readers made inactive.
 */
import { transact } from "../../dynamo/transaction";
import * as User from "../../user";
import { systemClock } from "../../util/clock";
import { feedStates } from "../entities";
import { celebrityThreshold, INACTIVE_MS } from "../store";

export { deletePost, follow, type QuickPost, quickPost, unfollow } from "../../social/testing";

/** Moves a user's follower count by `by` (one MODIFY record, as a counter batch would). */
export async function addFollowers(userID: string, by: number): Promise<void> {
  const outcome = await transact([User.addCounts(userID, { followersCount: by })]);
  if (!outcome.ok) throw new Error(`no user ${userID}: ${outcome.codes}`);
}

/** Makes a user a celebrity by the current threshold (their count crosses it in one MODIFY). */
export const promote = (userID: string) => addFollowers(userID, celebrityThreshold());
/** Undoes `promote`. */
export const demote = (userID: string) => addFollowers(userID, -celebrityThreshold());

/** A reader away for 31 days: last activity and feed marker both that old. */
export async function makeInactive(userID: string, now = systemClock().getTime()): Promise<void> {
  const then = now - INACTIVE_MS - 86_400_000;
  await User.touch(userID, 0, then);
  await feedStates.update({ readerID: userID }).set({ activeAt: then }).go();
}

export async function stateOf(readerID: string) {
  return (await feedStates.get({ readerID }).go({ consistent: true })).data ?? undefined;
}
