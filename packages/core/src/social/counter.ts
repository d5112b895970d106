export * as Counter from "./counter";

import { type Change, ttl } from "../dynamo";
import { backoff, sleep } from "../dynamo/batch";
import { action, MAX_ACTIONS, type TransactItem, transact } from "../dynamo/transaction";
import * as User from "../user";
import { type Clock, systemClock } from "../util/clock";
import { counterEvents, likes, posts } from "./entities";

/**
 * The social counters: likesCount and commentsCount on posts, postsCount, followersCount and
 * followingCount on users. Only this module writes them, from the stream (likes, comments, posts and
 * follows are single items whose INSERT and REMOVE are the events), never by read-modify-write.
 */
export type PostField = "likesCount" | "commentsCount";
export type UserField = "postsCount" | "followersCount" | "followingCount";

export type Delta =
  | { kind: "post"; id: string; field: PostField; by: number }
  | { kind: "user"; id: string; field: UserField; by: number };

/** What one stream record changes. MODIFY changes nothing: counted items are never modified. */
export function deltasOf(change: Change): Delta[] {
  const by = change.eventName === "INSERT" ? 1 : change.eventName === "REMOVE" ? -1 : 0;
  const image = (by > 0 ? change.newImage : change.oldImage) as Record<string, string> | undefined;
  if (!by || !image) return [];
  switch (change.entity) {
    case "like":
      return [{ kind: "post", id: image.postID!, field: "likesCount", by }];
    case "comment":
      return [{ kind: "post", id: image.postID!, field: "commentsCount", by }];
    case "post":
      return [{ kind: "user", id: image.authorID!, field: "postsCount", by }];
    case "follow":
      return [
        { kind: "user", id: image.followeeID!, field: "followersCount", by },
        { kind: "user", id: image.followerID!, field: "followingCount", by },
      ];
    default:
      return [];
  }
}

const MAX_ATTEMPTS = 10;

interface Pending {
  change: Change;
  deltas: Delta[];
}

/** The ADDs of some deltas, one per target item (a transaction may touch an item only once). */
function targets(deltas: Delta[]) {
  const byItem = new Map<string, { kind: Delta["kind"]; id: string; add: Record<string, number> }>();
  for (const d of deltas) {
    const key = `${d.kind}#${d.id}`;
    const entry = byItem.get(key) ?? { kind: d.kind, id: d.id, add: {} };
    entry.add[d.field] = (entry.add[d.field] ?? 0) + d.by;
    byItem.set(key, entry);
  }
  // Changes that cancel out (a like and its unlike in one batch) leave the item alone.
  return [...byItem.values()]
    .map((t) => ({ ...t, add: Object.fromEntries(Object.entries(t.add).filter(([, n]) => n !== 0)) }))
    .filter((t) => Object.keys(t.add).length > 0);
}

/** An ADD on an item that must exist: a counter of a deleted post or user is not resurrected. */
function addTo(target: ReturnType<typeof targets>[number]): TransactItem {
  return target.kind === "post"
    ? action(posts.patch({ postID: target.id }).add(target.add))
    : User.addCounts(target.id, target.add);
}

/**
 * Apply stream records to the counters, exactly once each. A record is applied in a transaction with a
 * marker keyed by its eventID (created only if absent), so a replayed record changes nothing. Records go
 * in chunks: one transaction of their markers and one ADD per target item with the chunk's net change.
 * When a chunk is refused (a record already applied, a target gone, contention) its records are applied
 * one by one. Returns how many leading records are done, and the error that stopped the rest.
 */
export async function apply(
  changes: Change[],
  now: Clock = systemClock,
): Promise<{ done: number; error?: unknown }> {
  const expiresAt = ttl(now(), 2);
  const marker = (eventID: string): TransactItem => action(counterEvents.create({ eventID, expiresAt }));
  let done = 0;
  try {
    // A record given twice in one call counts once (a transaction may not write one marker twice).
    const seen = new Set<string>();
    const pending = changes.map((change) => {
      const first = !seen.has(change.eventID);
      seen.add(change.eventID);
      return { change, deltas: first ? deltasOf(change) : [] };
    });
    for (const chunk of chunks(pending)) {
      const counted = chunk.filter((p) => p.deltas.length > 0);
      if (counted.length > 0) {
        const outcome = await transact([
          ...counted.map((p) => marker(p.change.eventID)),
          ...targets(counted.flatMap((p) => p.deltas)).map(addTo),
        ]);
        if (!outcome.ok) for (const p of counted) await applyOne(p, marker(p.change.eventID));
      }
      done += chunk.length;
    }
    return { done };
  } catch (error) {
    return { done, error };
  }
}

/** Consecutive records whose markers and target items fit in one transaction. */
function* chunks(pending: Pending[]): Generator<Pending[]> {
  let chunk: Pending[] = [];
  let items = new Set<string>();
  for (const p of pending) {
    const next = new Set([...items, ...p.deltas.map((d) => `${d.kind}#${d.id}`)]);
    if (chunk.length > 0 && chunk.length + 1 + next.size > MAX_ACTIONS) {
      yield chunk;
      chunk = [];
      items = new Set(p.deltas.map((d) => `${d.kind}#${d.id}`));
    } else items = next;
    chunk.push(p);
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * A like whose post was gone when it was counted: Like.like does not read the post on every request
 * (post-author.ts), so one may land just after the post's deletion and its cleanup. It goes here, where
 * every like INSERT passes; its REMOVE then counts for nothing (the post is gone).
 */
async function removeOrphanLike(change: Change): Promise<void> {
  if (change.entity !== "like" || change.eventName !== "INSERT") return;
  const { postID, userID } = change.newImage as { postID: string; userID: string };
  await likes.delete({ postID, userID }).go();
}

/**
 * One record on its own: skipped if its marker exists; targets that no longer exist are left out (and a
 * like of a deleted post removed).
 */
async function applyOne(p: Pending, mark: TransactItem): Promise<void> {
  let live = targets(p.deltas);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const outcome = await transact([mark, ...live.map(addTo)]);
    if (outcome.ok) return;
    const [markCode, ...targetCodes] = outcome.codes;
    if (markCode === "ConditionalCheckFailed") return;
    const gone = new Set(targetCodes.flatMap((code, i) => (code === "ConditionalCheckFailed" ? [i] : [])));
    if (gone.size > 0) {
      if (live.some((t, i) => gone.has(i) && t.kind === "post")) await removeOrphanLike(p.change);
      live = live.filter((_, i) => !gone.has(i));
      continue;
    }
    if (!outcome.codes.includes("TransactionConflict"))
      throw new Error(`counter transaction cancelled: ${outcome.codes.join(", ")}`);
    await sleep(backoff(attempt, { baseMs: 10, maxMs: 500 }));
  }
  throw new Error(`counter record ${p.change.eventID} too contended`);
}
