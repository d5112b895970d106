/**
 * Fan-out on write: a new post goes into the materialized feed of each active follower of its author,
 * unless the author is a celebrity (then readers merge the author's posts at read time, and one post costs
 * a constant number of writes however many follow them). A deleted post leaves every feed through the
 * feed items' index by post.
 */
import { chunk, pool } from "../dynamo/batch";
import * as Follow from "../social/follow";
import * as User from "../user";
import { readThrough, TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { feedItems } from "./entities";
import { celebrityThreshold, deleteItems, INACTIVE_MS, PARALLEL, putItems, trim, trimSample } from "./store";
import * as Unfollows from "./unfollows";

/** Followers read per round: one Query page of the followers index, then their BatchGets and writes. */
const FOLLOWER_PAGE = 1000;

export interface Delivery {
  /** The author was at or above the threshold: nobody's feed but their own was written. */
  celebrity: boolean;
  followers: number;
  /** Followers inactive for 30 days (or gone), left out: their feeds are rebuilt when they come back. */
  skipped: number;
  /** Feed items written, the author's own included. */
  written: number;
  /** Items taken back because their reader unfollowed while the fan-out ran. */
  retracted: number;
  trimmed: number;
}

/**
 * Delivers a post to its author's own feed and, for a non-celebrity author, to every active follower's.
 * Idempotent: every write is a put of the same key, so a replay rewrites the same items.
 */
export async function fanOut(
  post: { postID: string; authorID: string },
  now: Clock = systemClock,
): Promise<Delivery> {
  const { postID, authorID } = post;
  // The author's own feed item and their standing (the celebrity check) at once.
  const [written, standings] = await Promise.all([
    putItems([{ readerID: authorID, postID, authorID }]),
    User.standings([authorID], { consistent: true }),
  ]);
  const delivery: Delivery = {
    celebrity: false,
    followers: 0,
    skipped: 0,
    written,
    retracted: 0,
    trimmed: 0,
  };
  const author = standings.get(authorID);
  if (!author) return delivery;
  if (author.followersCount >= celebrityThreshold()) return { ...delivery, celebrity: true };

  const started = now().getTime();
  const activeSince = started - INACTIVE_MS;
  // Slices of followers go through read and write independently, a few at a time, so reads of one
  // slice overlap writes of another instead of each phase waiting for the slowest request; the next page
  // of followers is read while the slices of this one are delivered.
  const slices = async function* () {
    let page = Follow.followerPage(authorID, { cursor: null, limit: FOLLOWER_PAGE });
    for (;;) {
      const { ids, cursor } = await page;
      if (cursor) {
        page = Follow.followerPage(authorID, { cursor, limit: FOLLOWER_PAGE });
        page.catch(() => {}); // awaited below; not unhandled if a slice fails first and ends the run
      }
      delivery.followers += ids.length;
      yield* chunk(ids, SLICE);
      if (!cursor) return;
    }
  };
  const delivered: string[] = [];
  for (const d of await pool(slices(), SLICES_IN_FLIGHT, (slice) =>
    deliverTo(slice, post, activeSince, now),
  )) {
    delivered.push(...d.readers);
    delivery.skipped += d.skipped;
    delivery.written += d.written;
    delivery.trimmed += d.trimmed;
  }
  // An unfollow racing this fan-out may have had its items removed before ours landed: if one was noted
  // since shortly before the start, check the edges now that every item is written and take back what
  // lost the race (an unfollow noted later finds our items itself; unfollows.ts).
  if (await Unfollows.since(authorID, started - Unfollows.LAG_MS)) {
    const following = await Follow.stillFollowing(delivered, authorID);
    const gone = delivered.filter((id) => !following.has(id));
    delivery.retracted = await deleteItems(gone.map((readerID) => ({ readerID, postID })));
  }
  return delivery;
}

/** Followers per slice: one BatchGet of the activity of those not seen active lately, four BatchWrites. */
const SLICE = 100;
const SLICES_IN_FLIGHT = 4;

/**
 * Followers seen active, kept 10 minutes per instance: one active within the last 30 days is still active
 * minutes later, so a warm fan-out reads only the followers it has not seen active lately (at worst one
 * who just crossed the 30 days gets one more item). One seen inactive is not kept: they may come back at
 * any moment, and from then on every new post must reach them.
 */
const seenActive = new TtlCache<true>("active-readers", 10 * 60_000, 100_000);

async function activeOf(ids: string[], activeSince: number, now: Clock): Promise<string[]> {
  const { readers } = await readThrough(
    { readers: { cache: seenActive, keys: ids } },
    async ({ readers: unknown }) => {
      const known = await User.standings(unknown);
      const active = unknown.filter((id) => (known.get(id)?.lastActiveAt ?? 0) >= activeSince);
      return { readers: new Map(active.map((id) => [id, true as const])) };
    },
    now,
  );
  return ids.filter((id) => readers.has(id));
}

async function deliverTo(
  ids: string[],
  post: { postID: string; authorID: string },
  activeSince: number,
  now: Clock,
) {
  const { postID, authorID } = post;
  const active = await activeOf(ids, activeSince, now);
  const written = await putItems(active.map((readerID) => ({ readerID, postID, authorID })));
  const sampled = active.filter((id) => trimSample(id, postID));
  const trimmed = (await pool(sampled, PARALLEL, trim)).reduce((a, b) => a + b, 0);
  return { readers: active, skipped: ids.length - active.length, written, trimmed };
}

/** Removes a deleted post from every feed that holds it, found through the index by post. Idempotent. */
export async function retract(postID: string): Promise<number> {
  let removed = 0;
  let cursor: string | null = null;
  do {
    const page: { data: { readerID: string }[]; cursor: string | null } = await feedItems.query
      .byPost({ postID })
      .go({ cursor, limit: 1000, attributes: ["readerID"] });
    cursor = page.cursor;
    removed += await deleteItems(page.data.map((i) => ({ readerID: i.readerID, postID })));
  } while (cursor);
  return removed;
}
