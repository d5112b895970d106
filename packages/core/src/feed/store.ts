/** The feed's storage primitives: limits, the celebrity threshold, and bounded-parallel batch writes. */
import { count } from "../dynamo";
import { type WriteRequest, writeItems } from "../dynamo/batch";
import { feedItems, feedStates } from "./entities";

/** A feed keeps its newest 800 items; reading stops there too. */
export const MAX_ITEMS = 800;
/** A new follow (or an author falling below the threshold) brings in this many of their recent posts. */
export const BACKFILL = 100;
const DAY = 86_400_000;
/** Fan-out skips readers whose last activity is older than this. */
export const INACTIVE_MS = 30 * DAY;
/**
 * A feed whose marker is older than this is rebuilt before it is read. A day less than INACTIVE_MS: a
 * reader skipped by fan-out was inactive 30 days, so their marker (never newer than their activity) is
 * over 29 days old whatever the small delays between the two sides.
 */
export const STALE_MS = 29 * DAY;
/** The marker is refreshed at most daily by reads (one small write per reader per day). */
export const REFRESH_MS = DAY;
/** Batches in flight at once per fan-out: enough to hide latency, few enough not to throttle a table. */
export const PARALLEL = 8;
/** Celebrities merged per reader: one Query each per page. */
export const MAX_CELEBRITIES = 100;
/**
 * A fan-out checks one feed in this many for trimming (deterministically, so a replay decides the same): a
 * check reads the whole feed, so checking every write would cost far more than the write. A feed may thus
 * run some dozens of items over 800 between checks; reads never go past the newest 800.
 */
export const TRIM_EVERY = 40;

export { celebrityThreshold, DEFAULT_THRESHOLD, THRESHOLD_ENV } from "./threshold";

export interface FeedItem {
  readerID: string;
  postID: string;
  authorID: string;
}
export type FeedKey = Pick<FeedItem, "readerID" | "postID">;

const write = (requests: WriteRequest[]) => writeItems(requests, { parallel: PARALLEL });

/**
 * Puts feed items. A put of an existing item rewrites the same item, so a replay changes nothing; the same
 * post given twice for one reader is written once (a batch may not name one key twice).
 */
export function putItems(items: FeedItem[]): Promise<number> {
  const unique = new Map(items.map((i) => [`${i.readerID}|${i.postID}`, i]));
  return write(
    [...unique.values()].map((item) => ({ PutRequest: { Item: feedItems.put(item).params().Item } })),
  );
}

export function deleteItems(keys: FeedKey[]): Promise<number> {
  const unique = new Map(keys.map((k) => [`${k.readerID}|${k.postID}`, k]));
  return write(
    [...unique.values()].map((key) => ({
      DeleteRequest: { Key: feedItems.delete({ readerID: key.readerID, postID: key.postID }).params().Key },
    })),
  );
}

/** Every item of a reader's materialized feed, newest first (bounded: trimming keeps it near 800). */
export async function materialized(readerID: string): Promise<FeedItem[]> {
  const result = await feedItems.query.primary({ readerID }).go({ order: "desc", pages: "all" });
  return result.data;
}

/**
 * Deletes a feed's items past its newest MAX_ITEMS. Idempotent. Returns how many went. Most sampled feeds
 * are under the cap: they are counted, not read.
 */
export async function trim(readerID: string): Promise<number> {
  if ((await count(feedItems.query.primary({ readerID }).params())) <= MAX_ITEMS) return 0;
  const items = await materialized(readerID);
  return items.length > MAX_ITEMS ? deleteItems(items.slice(MAX_ITEMS)) : 0;
}

/** Deterministic sampling of feeds to check for trimming after a fan-out (FNV-1a of reader and post). */
export function trimSample(readerID: string, postID: string): boolean {
  let hash = 0x811c9dc5;
  for (const c of `${readerID}|${postID}`) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193);
  return (hash >>> 0) % TRIM_EVERY === 0;
}

/**
 * Marks a graph change on a reader's feed before the change touches it (see feedStates), optionally
 * adding or removing one celebrity in the same update. The update creates the state if absent.
 */
export async function bump(readerID: string, celebrity?: { add?: string; remove?: string }): Promise<void> {
  let update = feedStates.update({ readerID }).add({ version: 1 });
  if (celebrity?.add) update = update.add({ celebrities: [celebrity.add] });
  if (celebrity?.remove) update = update.delete({ celebrities: [celebrity.remove] });
  await update.go();
}
