/**
 * Home feed benchmark, on the local platform (in-memory DynamoDB Local), in one run:
 *
 *   pnpm bench:feed     (or: pnpm exec tsx bench/feed.ts --users 10000 --posts 100000 --follows 50)
 *
 * Seeds 10,000 users, 100,000 posts, 50 follows per user on average, a few celebrities (≥ 5,000 followers)
 * and one author with 50,000 followers, with direct BatchWrites (not through the API: minutes, not hours).
 * The materialized feeds of the sampled readers are seeded as fan-out would have left them (the newest 800
 * posts of their non-celebrity followees and their own); nobody else's feed is read. Then prints:
 *
 *   1. feed read p50/p99 through the API (GET /api/feed over HTTP, bearer token, first and second pages)
 *      next to a raw single DynamoDB Query of 20 items p50/p99, as a ratio; and the same reads through the
 *      production server (`next start`, unless --skip-web), so the framework's share is a printed figure;
 *   2. fan-out feed items written per second (Feed.fanOut, what the FeedFanout subscriber runs) next to
 *      raw BatchWriteItem items per second (same item shape, chunks of 25, same parallelism), as a ratio;
 *   3. the table writes caused by one post of the 50,000-follower author (stream records seen by the
 *      platform's stream runner running every subscriber), next to one post of a 1,000-follower author.
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { type AttributeValue, BatchGetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { ensureTable, startDynamoLocal } from "../stacks/local/dynamo";
import { buildEnv, CREDENTIALS, REGION, resourceNames, secretValues } from "../stacks/local/env";
import { invokeHandler } from "../stacks/local/handlers";
import { startStreamRunner } from "../stacks/local/streams/runner";
import { type Subscriber, subscribers, table } from "../stacks/topology";
import {
  dollarsPer,
  meter,
  perOperation,
  sumUsage,
  TAMAFRIENDS_FEED_LOAD_USD,
  type Usage,
} from "./lib/capacity";
import { startNextServer } from "./lib/next-server";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "10000" },
    posts: { type: "string", default: "100000" },
    follows: { type: "string", default: "50" },
    celebrities: { type: "string", default: "3" },
    mega: { type: "string", default: "50000" },
    readers: { type: "string", default: "200" },
    reads: { type: "string", default: "400" },
    fanout: { type: "string", default: "4000" },
    "skip-web": { type: "boolean", default: false },
  },
});
const USERS = Number(args.users);
const POSTS = Number(args.posts);
const FOLLOWS = Number(args.follows);
const CELEBRITIES = Number(args.celebrities);
const MEGA_FOLLOWERS = Number(args.mega);
const READERS = Number(args.readers);
const READS = Number(args.reads);
const FANOUT_FOLLOWERS = Number(args.fanout);

const started = performance.now();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const log = (msg: string) => console.log(`[${seconds(started)} s] ${msg}`);

// 1. The platform's DynamoDB and the environment application code reads (Resource.*, endpoints).
const stage = "bench";
const local = await startDynamoLocal({ inMemory: true });
const nowhere = "http://127.0.0.1:9";
const env = buildEnv({
  stage,
  endpoints: { dynamodb: local.endpoint, s3: nowhere, ses: nowhere, realtime: nowhere },
  secrets: secretValues(),
});
Object.assign(process.env, env, { POWERTOOLS_LOG_LEVEL: "ERROR" });
const TABLE = resourceNames(stage).table;
const config = { endpoint: local.endpoint, region: REGION, credentials: CREDENTIALS };
// ULIDs as core makes them (core's dependency, not the root's).
const fromCore = createRequire(new URL("../packages/core/package.json", import.meta.url));
const { monotonicFactory } = fromCore("ulid") as { monotonicFactory: () => (seedTime?: number) => string };

// Core reads Resource.Table and the endpoint when it loads: import it only now. Its one client and batch
// writer serve the seeding and the raw baselines too.
const { client: dynamo } = await import("@bourse/core/dynamo");
const { writeItems } = await import("../packages/core/src/dynamo/batch");
await ensureTable(dynamo, table, TABLE);
const { Feed } = await import("@bourse/core/feed");
const { follows, likes, posts } = await import("../packages/core/src/social/entities");
const { users } = await import("../packages/core/src/user/entities");
const { feedItems, feedStates } = await import("../packages/core/src/feed/entities");
const { Session } = await import("@bourse/core/auth");
// The route is the web app's (DOM-typed) code: loaded by path so the root type check stays Node-only.
const route = "../packages/web/src/app/api/feed/route";
const { GET } = (await import(route)) as {
  GET: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
};

// Deterministic randomness, so runs compare.
let seed = 20_261_121;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n: number) => Math.floor(random() * n);
const now = Date.now();
const ids = monotonicFactory();

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: at(50), p99: at(99) };
}

/** Raw BatchWriteItem puts, 25 a request, `parallel` requests in flight, unprocessed items retried. */
async function batchPut(items: Record<string, unknown>[], parallel = 8): Promise<void> {
  await writeItems(
    items.map((Item) => ({ PutRequest: { Item } })),
    { parallel },
  );
}

// 2. Seed.
const seedStarted = performance.now();
const userIDs = Array.from({ length: USERS }, () => ids(now - 400 * 86_400_000));
const celebrities = userIDs.slice(0, CELEBRITIES);
const mega = userIDs[CELEBRITIES]!;
const popular = userIDs[CELEBRITIES + 1]!; // just under the threshold: the fan-out throughput author
const modest = userIDs[CELEBRITIES + 2]!; // 1,000 followers: the per-follower contrast for writes
const extraFollowers = Array.from({ length: Math.max(0, MEGA_FOLLOWERS - USERS + 1) }, () =>
  ids(now - 400 * 86_400_000),
);

const following = new Map<string, Set<string>>(userIDs.map((id) => [id, new Set<string>()]));
const followersCount = new Map<string, number>();
const edge = (follower: string, followee: string) => {
  if (follower === followee) return;
  const set = following.get(follower) ?? new Set<string>();
  if (set.has(followee)) return;
  set.add(followee);
  following.set(follower, set);
  followersCount.set(followee, (followersCount.get(followee) ?? 0) + 1);
};
// Celebrities: each followed by 60% of users; the mega author by everyone (and the extra accounts).
for (const c of celebrities) for (const u of userIDs) if (random() < 0.6) edge(u, c);
for (const u of [...userIDs, ...extraFollowers]) edge(u, mega);
for (let i = 0; i < FANOUT_FOLLOWERS; i++) edge(userIDs[CELEBRITIES + 5 + i]!, popular);
for (let i = 0; i < 1000; i++) edge(userIDs[USERS - 1 - i]!, modest);
// The rest of the graph: uniform, to FOLLOWS per user on average in all.
const already = [...following.values()].reduce((n, s) => n + s.size, 0) - extraFollowers.length;
for (let n = already; n < USERS * FOLLOWS; n++) edge(userIDs[pick(USERS)]!, userIDs[pick(USERS)]!);
const edges = [...following.values()].reduce((n, s) => n + s.size, 0);
const threshold = Feed.celebrityThreshold();

await batchPut(
  [...userIDs, ...extraFollowers].map(
    (userID, i) =>
      users
        .put({
          userID,
          kind: "member",
          handle: `u${i}`,
          displayName: `User ${i}`,
          lastActiveAt: now,
          followersCount: followersCount.get(userID) ?? 0,
          followingCount: following.get(userID)?.size ?? 0,
        })
        .params().Item,
  ),
);
log(`seeded ${USERS + extraFollowers.length} users`);
const followItems: Record<string, unknown>[] = [];
for (const [followerID, set] of following)
  for (const followeeID of set)
    followItems.push(follows.put({ followerID, followeeID, createdAt: now - 86_400_000 }).params().Item);
await batchPut(followItems);
followItems.length = 0;
log(`seeded ${edges} follows`);
// Posts over the last 30 days, by uniformly chosen authors (the mega and modest authors post too).
const postsByAuthor = new Map<string, string[]>();
const postItems: Record<string, unknown>[] = [];
for (let i = 0; i < POSTS; i++) {
  const authorID = userIDs[pick(USERS)]!;
  const createdAt = now - 30 * 86_400_000 + Math.floor((i / POSTS) * 30 * 86_400_000);
  const postID = ids(createdAt);
  postsByAuthor.set(authorID, [...(postsByAuthor.get(authorID) ?? []), postID]);
  postItems.push(
    posts
      .put({
        postID,
        authorID,
        imageKey: `uploads/${authorID}/${postID}.png`,
        contentType: "image/png",
        createdAt,
      })
      .params().Item,
  );
}
await batchPut(postItems);
postItems.length = 0;
log(`seeded ${POSTS} posts`);
// The sampled readers' feeds, as fan-out would have left them.
const readers = Array.from(
  { length: READERS },
  () => userIDs[CELEBRITIES + 5 + pick(USERS - CELEBRITIES - 5)]!,
);
let feedCount = 0;
for (const readerID of new Set(readers)) {
  const followees = [...(following.get(readerID) ?? [])];
  const stars = followees.filter((id) => (followersCount.get(id) ?? 0) >= threshold);
  const fanned = [readerID, ...followees.filter((id) => (followersCount.get(id) ?? 0) < threshold)];
  const feed = fanned
    .flatMap((authorID) => (postsByAuthor.get(authorID) ?? []).map((postID) => ({ postID, authorID })))
    .sort((a, b) => (a.postID < b.postID ? 1 : -1))
    .slice(0, Feed.MAX_ITEMS);
  feedCount += feed.length;
  await batchPut([
    feedStates
      .put({ readerID, activeAt: now, version: 1, ...(stars.length ? { celebrities: stars } : {}) })
      .params().Item,
    ...feed.map((p) => feedItems.put({ readerID, ...p }).params().Item),
  ]);
}
const seedSeconds = seconds(seedStarted);
log(`seeded ${feedCount} feed items for ${new Set(readers).size} readers; seeding took ${seedSeconds} s`);

// 3. Reads: GET /api/feed over HTTP (the route handler behind a plain Node server) vs one raw Query.
const server = createServer(async (req, res) => {
  const request = new Request(`http://localhost${req.url}`, {
    method: req.method,
    headers: req.headers as Record<string, string>,
  });
  const response = await GET(request, { params: Promise.resolve({}) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});
await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const tokens = new Map<string, string>();
for (const readerID of new Set(readers))
  tokens.set(readerID, (await Session.start({ userID: readerID })).accessToken);

/** First pages (and every other reader's second page) of the sampled readers' feeds from `base`, after
 * 50 warm-up reads: each page's latency, size and the Queries it needed. */
async function readFeeds(base: string) {
  const out = { latencies: [] as number[], pageSizes: [] as number[], celebrityQueries: 0, requests: 0 };
  for (let i = 0; i < READS + 50; i++) {
    const readerID = readers[i % readers.length]!;
    const authorization = `Bearer ${tokens.get(readerID)}`;
    const t0 = performance.now();
    out.requests++;
    const first = await fetch(`${base}/api/feed?limit=20`, { headers: { authorization } });
    const page = (await first.json()) as { items: unknown[]; cursor: string | null };
    const t1 = performance.now();
    if (first.status !== 200) throw new Error(`feed answered ${first.status}: ${JSON.stringify(page)}`);
    if (i >= 50) {
      out.latencies.push(t1 - t0);
      out.pageSizes.push(page.items.length);
      out.celebrityQueries +=
        [...(following.get(readerID) ?? [])].filter((id) => (followersCount.get(id) ?? 0) >= threshold)
          .length + 1;
    }
    if (page.cursor && i % 2 === 0) {
      const t2 = performance.now();
      out.requests++;
      const second = await fetch(`${base}/api/feed?limit=20&cursor=${page.cursor}`, {
        headers: { authorization },
      });
      await second.arrayBuffer();
      if (i >= 50) out.latencies.push(performance.now() - t2);
    }
  }
  return out;
}

const usage = meter(dynamo);
usage.take();
const { latencies: api, pageSizes, celebrityQueries, requests: apiRequests } = await readFeeds(base);
const apiUsage = usage.take();
/** A reader's feed partition, newest first: the raw Query the API's reads are compared with. */
const feedQuery = (readerID: string, limit: number) =>
  new QueryCommand({
    TableName: TABLE,
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": { S: `$bourse#readerid_${readerID.toLowerCase()}` } },
    ScanIndexForward: false,
    Limit: limit,
  });
const raw: number[] = [];
for (let i = 0; i < READS + 50; i++) {
  const readerID = readers[i % readers.length]!;
  const t0 = performance.now();
  await dynamo.send(feedQuery(readerID, 20));
  if (i >= 50) raw.push(performance.now() - t0);
}
const rawUsage = usage.take();
const apiP = percentiles(api);
const rawP = percentiles(raw);

// The page's storage work done raw: the feed's Query, then one BatchGet of its posts, their authors and
// the reader's likes (no cache): the two dependent steps a page needs at the least (without the followed
// celebrities' Queries, which a page sends beside its feed's).
const S = (key: Record<string, unknown>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: String(v) }]));
const floor: number[] = [];
for (let i = 0; i < READS + 50; i++) {
  const readerID = readers[i % readers.length]!;
  const t0 = performance.now();
  const page = await dynamo.send(feedQuery(readerID, 21));
  const shown = (page.Items ?? []).flatMap((item) =>
    item.postID?.S && item.authorID?.S ? [{ postID: item.postID.S, authorID: item.authorID.S }] : [],
  );
  const keys = new Map<string, Record<string, AttributeValue>>();
  for (const { postID, authorID } of shown.slice(0, 20)) {
    for (const key of [
      posts.get({ postID }).params().Key,
      users.get({ userID: authorID }).params().Key,
      likes.get({ postID, userID: readerID }).params().Key,
    ])
      keys.set(JSON.stringify(key), S(key));
  }
  if (keys.size > 0)
    await dynamo.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [...keys.values()] } } }));
  if (i >= 50) floor.push(performance.now() - t0);
}
server.close();
const floorP = percentiles(floor);

// The same reads through the production server (`next start`, its own process), unless --skip-web.
let nextP: { p50: number; p99: number } | undefined;
if (!args["skip-web"]) {
  const web = await startNextServer(env);
  try {
    nextP = percentiles((await readFeeds(web.url)).latencies);
  } finally {
    web.stop();
  }
}

// 4. Fan-out throughput vs raw BatchWriteItem.
// Rounds of one post's fan-out then as many raw puts, so the emulator's warm-up and the table's growth
// fall on both sides alike (raw after every fan-out once ran on a warmer JVM).
const fanoutPosts = 10;
let fanoutItems = 0;
let fanoutSeconds = 0;
let rawSeconds = 0;
const fanoutTakes: Usage[] = [];
const rawTakes: Usage[] = [];
for (let i = 0; i < fanoutPosts; i++) {
  const postID = ids();
  await posts
    .put({
      postID,
      authorID: popular,
      imageKey: `uploads/${popular}/${postID}.png`,
      contentType: "image/png",
      createdAt: Date.now(),
    })
    .go();
  usage.take();
  const f0 = performance.now();
  const written = (await Feed.fanOut({ postID, authorID: popular })).written;
  fanoutSeconds += (performance.now() - f0) / 1000;
  fanoutTakes.push(usage.take());
  fanoutItems += written;
  const rawItems = Array.from(
    { length: written },
    (_, i) =>
      feedItems.put({ readerID: userIDs[i % USERS]!, postID: ids(), authorID: popular }).params().Item,
  );
  const r0 = performance.now();
  await batchPut(rawItems, 8);
  rawSeconds += (performance.now() - r0) / 1000;
  rawTakes.push(usage.take());
}
const fanoutUsage = sumUsage(fanoutTakes);
const rawWriteUsage = sumUsage(rawTakes);

// 5. Table writes caused by one post: every subscriber runs (from now on), and a counting one sees all records.
const counted = new Map<string, number>();
const counter: Subscriber = {
  name: "WriteCounter",
  handler: "bench",
  filters: [{ eventName: ["INSERT", "MODIFY", "REMOVE"] }],
  batchSize: 1000,
  maxRetries: 0,
  bisectOnError: false,
  startingPosition: "LATEST",
};
const runner = startStreamRunner({
  dynamo,
  streams: new DynamoDBStreamsClient(config),
  tableName: TABLE,
  region: REGION,
  subscribers: [...subscribers.map((s) => ({ ...s, startingPosition: "LATEST" as const })), counter],
  invoke: async (subscriber, event: DynamoDBStreamEvent) => {
    if (subscriber.name !== "WriteCounter")
      return invokeHandler(subscriber.handler, event, { functionName: subscriber.name }) as never;
    for (const r of event.Records) {
      const entity = (r.dynamodb?.NewImage ?? r.dynamodb?.OldImage)?.__edb_e__?.S ?? "?";
      counted.set(entity, (counted.get(entity) ?? 0) + 1);
    }
    return undefined as never;
  },
  log: () => {},
});
await runner.idle(120_000);
async function writesOfOnePost(authorID: string) {
  counted.clear();
  const postID = ids();
  await posts
    .put({
      postID,
      authorID,
      imageKey: `uploads/${authorID}/${postID}.png`,
      contentType: "image/png",
      createdAt: Date.now(),
    })
    .go();
  // Subscribers' writes are events too: wait until nothing is left to react to.
  for (let i = 0; i < 3; i++) await runner.idle(120_000);
  const total = [...counted.values()].reduce((a, b) => a + b, 0);
  return { total, byEntity: Object.fromEntries([...counted].sort()) };
}
const megaWrites = await writesOfOnePost(mega);
const modestWrites = await writesOfOnePost(modest);
await runner.stop();
await local.stop();

const ms = (n: number) => `${n.toFixed(1)} ms`;
const rate = (n: number) => `${Math.round(n).toLocaleString("en")} items/s`;
console.log(`
Home feed benchmark — DynamoDB Local (in memory), ${USERS.toLocaleString("en")} users, ${POSTS.toLocaleString("en")} posts, \
${edges.toLocaleString("en")} follows (${((edges - extraFollowers.length) / USERS).toFixed(1)} per user, + the follows of \
${extraFollowers.length.toLocaleString("en")} extra accounts that follow only the mega author), ${CELEBRITIES} celebrities (threshold ${threshold.toLocaleString("en")}) \
+ 1 author with ${(followersCount.get(mega) ?? 0).toLocaleString("en")} followers. Seeding ${seedSeconds} s.

1. Feed read (GET /api/feed?limit=20 over HTTP, first and second pages; ${api.length} reads; avg ${(pageSizes.reduce((a, b) => a + b, 0) / pageSizes.length).toFixed(1)} posts/page;
   avg ${(celebrityQueries / pageSizes.length).toFixed(1)} Queries/page = 1 materialized + followed celebrities, + 1 BatchGet)
                         p50          p99
   feed via API      ${ms(apiP.p50).padEnd(12)} ${ms(apiP.p99)}
   raw single Query  ${ms(rawP.p50).padEnd(12)} ${ms(rawP.p99)}
   ratio             ${(apiP.p50 / rawP.p50).toFixed(1).padEnd(12)} ${(apiP.p99 / rawP.p99).toFixed(1)}
   raw Query → BatchGet ${ms(floorP.p50).padEnd(9)} ${ms(floorP.p99)}   (a page's two dependent steps, raw: the floor)
   ratio API/floor   ${(apiP.p50 / floorP.p50).toFixed(1).padEnd(12)} ${(apiP.p99 / floorP.p99).toFixed(1)}
${
  nextP
    ? `   via next start    ${ms(nextP.p50).padEnd(12)} ${ms(nextP.p99)}   (the production server, HTTP, its own process)
   ratio to raw      ${(nextP.p50 / rawP.p50).toFixed(1).padEnd(12)} ${(nextP.p99 / rawP.p99).toFixed(1)}   (next start / route handler: ${(nextP.p50 / apiP.p50).toFixed(2)}× p50)
`
    : ""
}
   per feed page:    ${perOperation(apiUsage, apiRequests)}
   per raw Query:    ${perOperation(rawUsage, READS + 50)}
   a feed page costs $${dollarsPer(apiUsage, apiRequests).toExponential(2)} (TamaFriends: $${TAMAFRIENDS_FEED_LOAD_USD.toExponential(2)} per feed load)

2. Fan-out (Feed.fanOut of ${fanoutPosts} posts, each followed by as many raw puts, by an author with ${FANOUT_FOLLOWERS.toLocaleString("en")} followers: ${fanoutItems.toLocaleString("en")} items)
   fan-out           ${rate(fanoutItems / fanoutSeconds)}
   raw BatchWrite    ${rate(fanoutItems / rawSeconds)}   (same items, 25 per request, 8 in flight)
   ratio             ${(fanoutItems / fanoutSeconds / (fanoutItems / rawSeconds)).toFixed(2)}
   per feed item:    ${perOperation(fanoutUsage, fanoutItems)}
   per raw item:     ${perOperation(rawWriteUsage, fanoutItems)}

3. Table writes caused by one post (stream records, every subscriber running)
   author with ${(followersCount.get(mega) ?? 0).toLocaleString("en")} followers (celebrity): ${megaWrites.total}  ${JSON.stringify(megaWrites.byEntity)}
   author with ${(followersCount.get(modest) ?? 0).toLocaleString("en")} followers:               ${modestWrites.total}  ${JSON.stringify(modestWrites.byEntity)}

Total run: ${seconds(started)} s.`);
process.exit(0);
