/**
 * Graph changes seen by the feed: follows, unfollows, and authors crossing the celebrity threshold (their
 * user item's followersCount, which the counter subscriber keeps, going over or under it). Every handler
 * is idempotent: celebrity lists change by set ADD/DELETE, feed items by puts and deletes of fixed keys.
 */
import type { Change } from "../dynamo";
import { pool } from "../dynamo/batch";
import * as Follow from "../social/follow";
import * as Post from "../social/post";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";
import { feedItems } from "./entities";
import {
  BACKFILL,
  bump,
  celebrityThreshold,
  deleteItems,
  INACTIVE_MS,
  PARALLEL,
  putItems,
  trim,
} from "./store";
import * as Unfollows from "./unfollows";

/** Applies one follow INSERT/REMOVE or user MODIFY record; other records change nothing here. */
export async function handle(change: Change, now: Clock = systemClock): Promise<void> {
  if (change.entity === "follow") {
    const edge = (change.newImage ?? change.oldImage) as { followerID: string; followeeID: string };
    if (change.eventName === "INSERT") await followed(edge.followerID, edge.followeeID);
    if (change.eventName === "REMOVE") await unfollowed(edge.followerID, edge.followeeID, now);
    return;
  }
  if (change.entity === "user" && change.eventName === "MODIFY") {
    const userID = String(change.newImage?.userID ?? change.oldImage?.userID);
    const before = Number(change.oldImage?.followersCount ?? 0);
    const after = Number(change.newImage?.followersCount ?? 0);
    const threshold = celebrityThreshold();
    if (before < threshold && after >= threshold) await promoted(userID, now);
    if (before >= threshold && after < threshold) await demoted(userID, now);
  }
}

async function isFollowing(followerID: string, followeeID: string): Promise<boolean> {
  return (await Follow.stillFollowing([followerID], followeeID)).has(followerID);
}

async function recentPosts(authorID: string) {
  return (await Post.recent(authorID, { limit: BACKFILL })).items;
}

/**
 * A new follow: a celebrity joins the reader's merge list; anyone else's recent posts (up to 100) are
 * backfilled into the reader's feed. A follow undone meanwhile takes its effect back.
 */
export async function followed(followerID: string, followeeID: string): Promise<void> {
  const followee = (await User.standings([followeeID], { consistent: true })).get(followeeID);
  if (!followee) return;
  if (followee.followersCount >= celebrityThreshold()) {
    await bump(followerID, { add: followeeID });
    if (!(await isFollowing(followerID, followeeID))) await bump(followerID, { remove: followeeID });
    return;
  }
  await bump(followerID);
  const recent = await recentPosts(followeeID);
  await putItems(recent.map((p) => ({ readerID: followerID, postID: p.postID, authorID: followeeID })));
  if (!(await isFollowing(followerID, followeeID))) await removeAuthor(followerID, followeeID);
  else await trim(followerID);
}

/**
 * An unfollow: the author leaves the reader's merge list and their items leave the reader's feed. Noted on
 * the author first, so a fan-out racing this cleanup checks its edges (unfollows.ts).
 */
export async function unfollowed(
  followerID: string,
  followeeID: string,
  now: Clock = systemClock,
): Promise<void> {
  await Unfollows.note(followeeID, now().getTime());
  await bump(followerID, { remove: followeeID });
  await removeAuthor(followerID, followeeID);
}

/**
 * Deletes one author's items from one feed (a filtered Query of that feed: bounded by trimming). Read
 * consistently: an item a fan-out wrote before this read must be seen (unfollows.ts).
 */
async function removeAuthor(readerID: string, authorID: string): Promise<number> {
  const items = await feedItems.query
    .primary({ readerID })
    .where(({ authorID: author }, { eq }) => eq(author, authorID))
    .go({ pages: "all", attributes: ["postID"], consistent: true });
  return deleteItems(items.data.map((i) => ({ readerID, postID: i.postID })));
}

/** Each page of an author's followers who are active (inactive ones are rebuilt on their next read). */
async function forActiveFollowers(authorID: string, now: Clock, run: (readerIDs: string[]) => Promise<void>) {
  const activeSince = now().getTime() - INACTIVE_MS;
  let cursor: string | null = null;
  do {
    const page = await Follow.followerPage(authorID, { cursor, limit: 1000 });
    cursor = page.cursor;
    const ids = page.ids;
    const known = await User.standings(ids);
    await run(ids.filter((id) => (known.get(id)?.lastActiveAt ?? 0) >= activeSince));
  } while (cursor);
}

/**
 * An author reached the threshold: their future posts are not fanned out, so each active follower's
 * merge list gets them (once, for this rare event). Items already fanned out stay; reads de-duplicate.
 */
export async function promoted(authorID: string, now: Clock = systemClock): Promise<void> {
  await forActiveFollowers(authorID, now, async (readers) => {
    await pool(readers, PARALLEL, (readerID) => bump(readerID, { add: authorID }));
    const following = await Follow.stillFollowing(readers, authorID);
    const gone = readers.filter((id) => !following.has(id));
    await pool(gone, PARALLEL, (readerID) => bump(readerID, { remove: authorID }));
  });
}

/**
 * An author fell below the threshold: from now on their posts are fanned out, so each active follower's
 * feed first gets their recent posts (what the merge used to supply), then the author leaves the list.
 */
export async function demoted(authorID: string, now: Clock = systemClock): Promise<void> {
  const recent = await recentPosts(authorID);
  await forActiveFollowers(authorID, now, async (readers) => {
    await putItems(
      readers.flatMap((readerID) => recent.map((p) => ({ readerID, postID: p.postID, authorID }))),
    );
    const following = await Follow.stillFollowing(readers, authorID);
    await pool(readers, PARALLEL, async (readerID) => {
      await bump(readerID, { remove: authorID });
      if (following.has(readerID)) await trim(readerID);
      else await removeAuthor(readerID, authorID);
    });
  });
}
