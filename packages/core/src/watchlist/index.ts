export * as Watchlist from "./index";

import type { EntityItem } from "electrodb";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { backoff, sleep } from "../dynamo/batch";
import { action, type TransactItem, transact } from "../dynamo/transaction";
import { ConflictError, NotFoundError } from "../error";
import * as Ticker from "../ticker";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import { watchCounts, watchlistEvents, watchlistQuotas, watchlists } from "./entities";

/**
 * Watchlists of tickers, for members and guests alike (a guest keeps them on sign-up: same user id). The
 * free tier's limits hold under any concurrency: the owner's active count and each symbol's watch count
 * move in the transaction of the change, with the change's audit event. Deletion is soft.
 */

export const MAX_ACTIVE = 2;
export const MAX_TICKERS = 5;
export const MAX_NAME = 60;
/** How long an instance serves an owner's lists from memory (its own changes invalidate at once). */
export const CACHE_TTL_MS = 60_000;

export const Name = z.string().trim().min(1).max(MAX_NAME);
export const Tickers = z
  .array(Ticker.SymbolInput)
  .min(1)
  .max(MAX_TICKERS)
  .refine((symbols) => new Set(symbols).size === symbols.length, "tickers must be distinct")
  .describe(`1 to ${MAX_TICKERS} distinct listed symbols (any case; stored upper-case)`);

export const Info = z.object({
  id: z.string(),
  name: z.string(),
  tickers: z.array(z.string()),
  createdAt: z.number().describe("epoch milliseconds"),
  updatedAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

const State = z.object({ name: z.string(), tickers: z.array(z.string()) });

export const Action = z.enum(["create", "rename", "change_tickers", "update", "delete"]);

export const Event = z.object({
  at: z.number().describe("epoch milliseconds"),
  actor: z.string().describe("the user id of who changed it"),
  action: Action,
  before: State.nullable().describe("null for create"),
  after: State.nullable().describe("null for delete"),
});
export type Event = z.infer<typeof Event>;

type Item = EntityItem<typeof watchlists>;

function toInfo(item: Item): Info {
  return {
    id: item.watchlistID,
    name: item.name,
    tickers: item.tickers,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** Every watchlist verb acts for its caller: a member or a guest. */
function owner(): string {
  return Actor.assert("user", "anonymous").properties.userID;
}

/** The items, with their versions: a change plans from one and writes on condition of its version. */
const cache = new TtlCache<Item[]>("watchlists", CACHE_TTL_MS);

/** The owner's active lists, oldest first, through this instance's cache. */
function ownedItems(ownerID: string, now: Clock): Promise<Item[]> {
  return cache.get(
    ownerID,
    async () => {
      const result = await watchlists.query
        .primary({ ownerID })
        .where((a, op) => op.notExists(a.deletedAt))
        .go({ consistent: true, pages: "all" });
      return result.data;
    },
    now,
  );
}

async function owned(ownerID: string, now: Clock): Promise<Info[]> {
  return (await ownedItems(ownerID, now)).map(toInfo);
}

export async function list(now: Clock = systemClock): Promise<Info[]> {
  return owned(owner(), now);
}

/** One of the caller's active lists; another owner's, a deleted or an unknown id is NotFound. */
export async function get(id: string, now: Clock = systemClock): Promise<Info> {
  const found = isID(id) ? (await owned(owner(), now)).find((w) => w.id === id) : undefined;
  if (!found) throw new NotFoundError("No such watchlist");
  return found;
}

export const Input = z.object({ name: Name, tickers: Tickers });

export const create = /* @__PURE__ */ fn(
  Input,
  async ({ name, tickers }, now: Clock = systemClock): Promise<Info> => {
    const actor = Actor.assert("user", "anonymous");
    const ownerID = actor.properties.userID;
    Ticker.assertKnown(tickers);
    // A guest who owns something is kept for good (before the write, so it is never swept with it).
    if (actor.type === "anonymous") await User.keep(ownerID);
    const at = now().getTime();
    const item: Item = {
      ownerID,
      watchlistID: ulid(at),
      name,
      tickers,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    const codes = await commit(() => [
      action(
        watchlistQuotas
          .update({ ownerID })
          .add({ active: 1 })
          .where((a, op) => `${op.notExists(a.active)} OR ${op.lt(a.active, MAX_ACTIVE)}`),
      ),
      action(watchlists.create(item)),
      record(item, ownerID, "create", null, item, at),
      ...tickers.map((symbol) => watch(symbol, 1)),
    ]);
    if (codes?.[0] === "ConditionalCheckFailed")
      throw new ConflictError(
        "watchlist_limit",
        `At most ${MAX_ACTIVE} watchlists: delete one to make another`,
      );
    if (codes) throw contended(codes);
    cache.invalidate(ownerID);
    return toInfo(item);
  },
);

export const Patch = z
  .object({ name: Name.optional(), tickers: Tickers.optional() })
  .strict()
  .refine((p) => p.name !== undefined || p.tickers !== undefined, "give a name, tickers or both");

const UpdateInput = z.object({ id: z.string(), patch: Patch });

/** Renames a list and/or changes its tickers; answers the new state. */
export const update = /* @__PURE__ */ fn(
  UpdateInput,
  async ({ id, patch }, now: Clock = systemClock): Promise<Info> => {
    if (patch.tickers) Ticker.assertKnown(patch.tickers);
    return change(id, now, (current, at) => {
      const next = { name: patch.name ?? current.name, tickers: patch.tickers ?? current.tickers };
      const renamed = next.name !== current.name;
      const retickered = next.tickers.join() !== current.tickers.join();
      if (!renamed && !retickered) return undefined;
      const added = next.tickers.filter((s) => !current.tickers.includes(s));
      const removed = current.tickers.filter((s) => !next.tickers.includes(s));
      const kind = renamed && retickered ? "update" : renamed ? "rename" : "change_tickers";
      return {
        next: { ...current, ...next, version: current.version + 1, updatedAt: at },
        writes: [...added.map((symbol) => watch(symbol, 1)), ...removed.map((symbol) => watch(symbol, -1))],
        action: kind,
      };
    });
  },
);

/** Soft delete: gone from every read, its audit trail kept; frees a place under the limit. */
export async function remove(id: string, now: Clock = systemClock): Promise<void> {
  await change(id, now, (current, at) => ({
    next: { ...current, version: current.version + 1, updatedAt: at, deletedAt: at },
    writes: [
      action(watchlistQuotas.update({ ownerID: current.ownerID }).add({ active: -1 })),
      ...current.tickers.map((symbol) => watch(symbol, -1)),
    ],
    action: "delete",
  }));
}

/** The caller's list's changes, oldest first; readable after deletion too (its owner's audit trail). */
export async function history(id: string): Promise<Event[]> {
  const ownerID = owner();
  const item = isID(id)
    ? (await watchlists.get({ ownerID, watchlistID: id }).go({ consistent: true })).data
    : null;
  if (!item) throw new NotFoundError("No such watchlist");
  const events = await watchlistEvents.query
    .primary({ watchlistID: id })
    .go({ pages: "all", consistent: true });
  return events.data.map((e) => ({
    at: e.at,
    actor: e.actor,
    action: e.action,
    before: (e.before as Event["before"]) ?? null,
    after: (e.after as Event["after"]) ?? null,
  }));
}

/** Every symbol on some active watchlist, sorted: one Query of the watch counts' partition. */
export async function watchedSymbols(): Promise<string[]> {
  const result = await watchCounts.query
    .all({})
    .where((a, op) => op.gt(a.watchers, 0))
    .go({ pages: "all" });
  return result.data.map((c) => c.symbol).sort();
}

/** A symbol's watch count moves by `by` (an upsert, so it exists from its first watcher on, in gsi1). */
function watch(symbol: string, by: number): TransactItem {
  return action(watchCounts.upsert({ symbol }).add({ watchers: by }));
}

function record(
  item: Pick<Item, "watchlistID" | "ownerID">,
  actor: string,
  kind: Event["action"],
  before: Pick<Item, "name" | "tickers"> | null,
  after: Pick<Item, "name" | "tickers"> | null,
  at: number,
): TransactItem {
  const state = (s: typeof before) => (s ? { name: s.name, tickers: s.tickers } : null);
  return action(
    watchlistEvents.create({
      watchlistID: item.watchlistID,
      eventID: ulid(at),
      ownerID: item.ownerID,
      actor,
      action: kind,
      before: state(before),
      after: state(after),
      at,
    }),
  );
}

interface Plan {
  next: Item;
  /** What else moves with the change (counts), after the list's own write and its event. */
  writes: TransactItem[];
  action: Event["action"];
}

const ATTEMPTS = 8;

/**
 * A change of one of the caller's active lists: read it, plan the change from what was read, write it on
 * condition that the list is still at that version. Another change in between means planning again. The
 * first plan starts from this instance's cached item when it has one (no read): its version condition
 * refuses a stale one, and then the list is read. A plan that changes nothing is confirmed by a read.
 */
async function change(
  id: string,
  now: Clock,
  plan: (current: Item, at: number) => Plan | undefined,
): Promise<Info> {
  const ownerID = owner();
  if (!isID(id)) throw new NotFoundError("No such watchlist");
  let cached = cache.peek(ownerID, now)?.find((w) => w.watchlistID === id);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current =
      cached ?? (await watchlists.get({ ownerID, watchlistID: id }).go({ consistent: true })).data;
    const fromCache = cached !== undefined;
    cached = undefined;
    if (!current || current.deletedAt !== undefined) throw new NotFoundError("No such watchlist");
    const at = Math.max(now().getTime(), current.updatedAt);
    const planned = plan(current, at);
    if (!planned && fromCache) continue;
    if (!planned) return toInfo(current);
    const { next } = planned;
    const codes = await commit(() => [
      action(
        watchlists
          .patch({ ownerID, watchlistID: id })
          .set({
            name: next.name,
            tickers: next.tickers,
            version: next.version,
            updatedAt: next.updatedAt,
            ...(next.deletedAt === undefined ? {} : { deletedAt: next.deletedAt }),
          })
          .where((a, op) => `${op.eq(a.version, current.version)} AND ${op.notExists(a.deletedAt)}`),
      ),
      record(current, ownerID, planned.action, current, next.deletedAt === undefined ? next : null, at),
      ...planned.writes,
    ]);
    if (!codes) {
      cache.invalidate(ownerID);
      return toInfo(next);
    }
    if (codes[0] !== "ConditionalCheckFailed") throw contended(codes);
    // The list changed (or went) since it was read: plan again from what it is now.
    if (fromCache) cache.invalidate(ownerID);
  }
  throw contended([]);
}

/**
 * Runs a transaction, again after a pause while DynamoDB reports it colliding with another on the same
 * items (a popular symbol's count, the owner's quota). Resolves null once done, or with the codes of a
 * refused condition.
 */
async function commit(actions: () => TransactItem[]): Promise<string[] | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const outcome = await transact(actions());
    if (outcome.ok) return null;
    if (!outcome.codes.includes("TransactionConflict")) return outcome.codes;
    await sleep(backoff(attempt, { baseMs: 10, maxMs: 400 }));
  }
  return ["TransactionConflict"];
}

function contended(codes: string[]): ConflictError {
  return new ConflictError(
    "conflict",
    `The watchlist was being changed by another request; try again${codes.length ? ` (${codes.join(", ")})` : ""}`,
  );
}
