/**
 * The feed's storage primitives: limits, the celebrity threshold, bounded-parallel batch writes that retry
 * what DynamoDB leaves unprocessed, and the reads of users and follow edges the feed needs in bulk.
 */
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from "../dynamo";
import { documents, sleep } from "../social/common";
import { follows } from "../social/entities";
import { users } from "../user/entities";
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
/** BatchWriteItem takes at most 25 requests. */
export const BATCH = 25;
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

/** `run` over `items`, at most `limit` at a time, results in order. */
export async function pool<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await run(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };

/** One BatchWriteItem of at most 25 requests, retrying what comes back unprocessed with backoff. */
async function writeBatch(requests: WriteRequest[]): Promise<void> {
  let left = requests;
  for (let attempt = 0; left.length > 0; attempt++) {
    if (attempt >= 10) throw new Error(`${left.length} feed writes left unprocessed`);
    if (attempt > 0) await sleep(Math.min(2000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
    const out = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: left as never } }));
    left = (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
  }
}

/** Writes in BatchWrite chunks of 25, PARALLEL chunks at a time. Returns how many requests were written. */
async function writeAll(requests: WriteRequest[]): Promise<number> {
  await pool(chunk(requests, BATCH), PARALLEL, writeBatch);
  return requests.length;
}

/**
 * Puts feed items. A put of an existing item rewrites the same item, so a replay changes nothing; the same
 * post given twice for one reader is written once (a batch may not name one key twice).
 */
export function putItems(items: FeedItem[]): Promise<number> {
  const unique = new Map(items.map((i) => [`${i.readerID}|${i.postID}`, i]));
  return writeAll(
    [...unique.values()].map((item) => ({ PutRequest: { Item: feedItems.put(item).params().Item } })),
  );
}

export function deleteItems(keys: FeedKey[]): Promise<number> {
  const unique = new Map(keys.map((k) => [`${k.readerID}|${k.postID}`, k]));
  return writeAll(
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

/** Deletes a feed's items past its newest MAX_ITEMS. Idempotent. Returns how many went. */
export async function trim(readerID: string): Promise<number> {
  const items = await materialized(readerID);
  return items.length > MAX_ITEMS ? deleteItems(items.slice(MAX_ITEMS)) : 0;
}

/** Deterministic sampling of feeds to check for trimming after a fan-out (FNV-1a of reader and post). */
export function trimSample(readerID: string, postID: string): boolean {
  let hash = 0x811c9dc5;
  for (const c of `${readerID}|${postID}`) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193);
  return (hash >>> 0) % TRIM_EVERY === 0;
}

export interface Standing {
  userID: string;
  lastActiveAt: number;
  followersCount: number;
}

/** Activity and follower counts of users by id, in BatchGets of 100; deleted users are absent. */
export async function standings(ids: string[]): Promise<Map<string, Standing>> {
  const found = new Map<string, Standing>();
  let keys = [...new Set(ids)].map((userID) => ({ userID }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt >= 8) throw new Error(`${keys.length} user reads left unprocessed`);
    if (attempt > 0) await sleep(25 * 2 ** attempt);
    const result = await users
      .get(keys)
      .go({ attributes: ["userID", "lastActiveAt", "followersCount"], concurrency: PARALLEL });
    for (const u of result.data) found.set(u.userID, u as Standing);
    keys = result.unprocessed.map((k) => ({ userID: k.userID }));
  }
  return found;
}

/** Which of these readers still follow `authorID` (strongly consistent BatchGets of the edges). */
export async function stillFollowing(readerIDs: string[], authorID: string): Promise<Set<string>> {
  const following = new Set<string>();
  let keys = [...new Set(readerIDs)].map((followerID) => ({ followerID, followeeID: authorID }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt >= 8) throw new Error(`${keys.length} follow reads left unprocessed`);
    if (attempt > 0) await sleep(25 * 2 ** attempt);
    const result = await follows
      .get(keys)
      .go({ consistent: true, attributes: ["followerID"], concurrency: PARALLEL });
    for (const edge of result.data) following.add(edge.followerID);
    keys = result.unprocessed.map((k) => ({ followerID: k.followerID, followeeID: authorID }));
  }
  return following;
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
