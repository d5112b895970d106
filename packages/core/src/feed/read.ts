/**
 * Reading the home feed: the reader's materialized items merged with the recent posts of the celebrities
 * they follow, newest first, behind an opaque cursor. A page costs one Query of the materialized part
 * (on the first page the same Query returns the reader's feed state), one Query per followed celebrity,
 * and one BatchGet of the page's posts, authors and the reader's likes that this instance has not kept
 * (Post.hydrate: none if it kept them all).
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { member } from "../actor";
import {
  documents,
  ENTITY_ATTRIBUTE,
  ignoreConditionalFailure,
  isConditionalFailure,
  tableName,
} from "../dynamo";
import { backoff, pool, sleep } from "../dynamo/batch";
import { ValidationError } from "../error";
import * as Follow from "../social/follow";
import * as Post from "../social/post";
import * as User from "../user";
import { BoundedMap } from "../util/bounded-map";
import { type Clock, systemClock } from "../util/clock";
import { decodeCursor, encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import { feedItems, feedStates } from "./entities";
import {
  BACKFILL,
  celebrityThreshold,
  deleteItems,
  type FeedItem,
  MAX_CELEBRITIES,
  MAX_ITEMS,
  materialized,
  PARALLEL,
  putItems,
  REFRESH_MS,
  STALE_MS,
  trim,
} from "./store";

/** At most 30 a page: its posts, their authors and the reader's likes each fit one BatchGet (100 keys). */
export const MAX_PAGE = 30;

export const Input = z
  .object({
    cursor: z.string().max(6000).nullish().describe("the `cursor` of the previous page (opaque)"),
    limit: z.number().int().min(1).max(MAX_PAGE).default(20),
  })
  .default({ limit: 20 });
export type Input = z.input<typeof Input>;

export const Page = z.object({
  items: z.array(Post.Info),
  cursor: z.string().nullable().describe("pass it back as `?cursor=` for older posts; null at the end"),
});
export type Page = z.infer<typeof Page>;

/**
 * Where a reader is in their feed: everything newer than `before` was served (`served` items, so the feed
 * stops at its newest 800), from these celebrity sources. Every source is ordered by post id (ULIDs), so
 * "older than `before`" is one key condition on each: no duplicates and no gaps across pages.
 */
const Position = z.object({
  v: z.literal(1),
  before: z.string().refine(isID),
  served: z.number().int().min(0).max(MAX_ITEMS),
  celebrities: z.array(z.string().refine(isID)).max(MAX_CELEBRITIES),
});
type Position = z.infer<typeof Position>;

function positionOf(cursor: string | null | undefined): Position | undefined {
  const raw = decodeCursor(cursor);
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ValidationError("cursor: malformed");
  }
  const parsed = Position.safeParse(json);
  if (!parsed.success) throw new ValidationError("cursor: malformed");
  return parsed.data;
}

const parseInput = /* @__PURE__ */ fn(Input, (input) => input);

/**
 * The celebrities each reader followed when this instance last read their first page: a guess that lets
 * the page's celebrity Queries start with its state's Query, never trusted (the state read with them
 * decides which answers count), so it needs no expiry and saves no read. A wrong guess costs a Query,
 * not a wrong page. Bounded: the oldest reader goes first.
 */
const knownCelebrities = new BoundedMap<string, string[]>(10_000);

type State = { celebrities?: string[]; activeAt?: number; version?: number };

/** The first page's Query: the reader's state (sorted above every item) and their newest items. */
async function top(readerID: string, limit: number) {
  const out = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "pk" },
      ExpressionAttributeValues: { ":pk": feedStates.get({ readerID }).params().Key.pk },
      ScanIndexForward: false,
      Limit: limit + 1,
    }),
  );
  let state: State | undefined;
  const items: FeedItem[] = [];
  for (const raw of out.Items ?? []) {
    if (raw[ENTITY_ATTRIBUTE] === "feedState") state = feedStates.parse({ Item: raw }).data ?? undefined;
    else if (raw[ENTITY_ATTRIBUTE] === "feedItem") {
      const item = feedItems.parse({ Item: raw }).data;
      if (item) items.push(item);
    }
  }
  return { state, items: items.slice(0, limit), more: out.LastEvaluatedKey !== undefined };
}

/** The calling member's home feed, a page at a time. */
export async function read(input?: Input, now: Clock = systemClock): Promise<Page> {
  const { cursor, limit } = parseInput(input);
  const readerID = member();
  const position = positionOf(cursor);
  const room = Math.min(limit, MAX_ITEMS - (position?.served ?? 0));
  if (room <= 0) return { items: [], cursor: null };

  const celebrityPosts = (celebrities: string[]) =>
    pool(celebrities, PARALLEL, (authorID) =>
      Post.recent(authorID, { limit: room, before: position?.before }),
    );

  let own: { items: FeedItem[]; more: boolean };
  let celebrities: string[];
  let merged: Awaited<ReturnType<typeof celebrityPosts>>;
  if (position) {
    // The cursor names the sources: every Query of the page runs at once.
    celebrities = position.celebrities;
    const [result, fromCelebrities] = await Promise.all([
      feedItems.query
        .primary({ readerID })
        .lt({ postID: position.before })
        .go({ order: "desc", limit: room }),
      celebrityPosts(celebrities),
    ]);
    own = { items: result.data, more: result.cursor !== null };
    merged = fromCelebrities;
  } else {
    // The celebrities this instance last saw the reader follow: their Queries start with the state's, and
    // the state then says which answers to keep and which sources are missing (a follow made elsewhere).
    const guess = knownCelebrities.get(readerID) ?? [];
    const early = celebrityPosts(guess);
    early.catch(() => {}); // awaited below; not unhandled if the state's Query fails first
    let first = await top(readerID, room);
    const at = now().getTime();
    if (first.state?.activeAt === undefined || first.state.activeAt < at - STALE_MS) {
      await rebuild(readerID, now);
      first = await top(readerID, room);
    } else if (first.state.activeAt < at - REFRESH_MS) await markActive(readerID, at);
    own = first;
    celebrities = [...(first.state?.celebrities ?? [])].sort().slice(0, MAX_CELEBRITIES);
    knownCelebrities.set(readerID, celebrities);
    const guessed = new Map((await early).map((source, i) => [guess[i]!, source]));
    const missing = celebrities.filter((id) => !guessed.has(id));
    const fetched = new Map((await celebrityPosts(missing)).map((source, i) => [missing[i]!, source]));
    merged = celebrities.map((id) => guessed.get(id) ?? fetched.get(id)!);
  }

  const candidates = new Map<string, { postID: string; authorID: string; materialized: boolean }>();
  for (const item of own.items) candidates.set(item.postID, { ...item, materialized: true });
  for (const source of merged)
    for (const p of source.items)
      if (!candidates.has(p.postID)) candidates.set(p.postID, { ...p, materialized: false });
  const sorted = [...candidates.values()].sort((a, b) => (a.postID < b.postID ? 1 : -1));
  const taken = sorted.slice(0, room);
  const served = (position?.served ?? 0) + taken.length;
  const more =
    taken.length > 0 &&
    served < MAX_ITEMS &&
    (sorted.length > room || own.more || merged.some((source) => source.more));

  const items = await hydrate(readerID, taken, now);
  const next: Position | undefined = more
    ? { v: 1, before: taken.at(-1)!.postID, served, celebrities }
    : undefined;
  return { items, cursor: next ? encodeCursor(JSON.stringify(next)) : null };
}

/**
 * The page's posts with their authors and the reader's likes, read at once. A post deleted since it was
 * fanned out is left out, and its leftover feed item removed.
 */
async function hydrate(
  readerID: string,
  taken: { postID: string; authorID: string; materialized: boolean }[],
  now: Clock,
): Promise<Post.Info[]> {
  if (taken.length === 0) return [];
  const infos = await Post.hydrate(taken, readerID, now);
  const orphans = taken.filter((t) => t.materialized && !infos.has(t.postID));
  if (orphans.length) await deleteItems(orphans.map((t) => ({ readerID, postID: t.postID })));
  return taken.flatMap((t) => infos.get(t.postID) ?? []);
}

/** Records that the reader is active (marker and user item alike), at most daily. */
async function markActive(readerID: string, at: number): Promise<void> {
  await ignoreConditionalFailure(feedStates.patch({ readerID }).set({ activeAt: at }).go());
  // Fan-out decides on lastActiveAt: keep it at least as new as the marker, whoever calls.
  await User.touch(readerID, 0, at);
}

/**
 * Rebuilds a reader's feed from the people they follow: celebrities go to the merge list, everyone else's
 * recent posts (and the reader's own) into the materialized feed, items of people no longer followed go,
 * and the marker is set. Used for a first read and after 30 days away (fan-out skipped the reader). The
 * result is written only if no graph change ran meanwhile (the state's version); otherwise it starts over.
 */
export async function rebuild(readerID: string, now: Clock = systemClock): Promise<void> {
  for (let attempt = 0; attempt < 6; attempt++) {
    const state = (await feedStates.get({ readerID }).go({ consistent: true })).data;
    const followees = await Follow.followeesOf(readerID);
    const known = await User.standings(followees);
    const threshold = celebrityThreshold();
    const celebrities = followees.filter((id) => (known.get(id)?.followersCount ?? 0) >= threshold);
    const fannedOut = [readerID, ...followees.filter((id) => known.has(id) && !celebrities.includes(id))];
    const recent = await pool(
      fannedOut,
      PARALLEL,
      async (authorID) => (await Post.recent(authorID, { limit: BACKFILL })).items,
    );
    const wanted = recent
      .flat()
      .sort((a, b) => (a.postID < b.postID ? 1 : -1))
      .slice(0, MAX_ITEMS);
    const existing = await materialized(readerID);
    const have = new Set(existing.map((i) => i.postID));
    await putItems(
      wanted
        .filter((p) => !have.has(p.postID))
        .map((p) => ({ readerID, postID: p.postID, authorID: p.authorID })),
    );
    const followed = new Set([readerID, ...followees]);
    await deleteItems(existing.filter((i) => !followed.has(i.authorID)));
    await trim(readerID);
    const at = now().getTime();
    try {
      await feedStates
        .put({
          readerID,
          ...(celebrities.length ? { celebrities } : {}),
          activeAt: at,
          version: (state?.version ?? 0) + 1,
        })
        .where((a, op) =>
          state?.version === undefined ? op.notExists(a.version) : op.eq(a.version, state.version),
        )
        .go();
      await User.touch(readerID, 0, at);
      return;
    } catch (error) {
      if (!isConditionalFailure(error)) throw error;
      await sleep(backoff(attempt, { baseMs: 20, maxMs: 1000 }));
    }
  }
  throw new Error("the feed's graph kept changing during its rebuild");
}
