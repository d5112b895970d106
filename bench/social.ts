/**
 * Social benchmark: likes through the API, and how long their counters take to follow.
 *
 *   pnpm bench:social            (or: pnpm exec tsx bench/social.ts --users 40 --posts 10 --concurrency 8 --samples 40)
 *
 * Starts an in-memory local platform (as tests do) and, in one run, prints side by side:
 *   - like throughput: every user likes every post, then unlikes it, through the PUT and DELETE
 *     /api/posts/{id}/like route handlers (real Request objects with a bearer token: actor resolution,
 *     session check, the post read, the like's conditional put), against raw PutItem/s on the same table at the
 *     same concurrency; the same likes over HTTP to the production server (`next start`, unless
 *     --skip-web), so the framework's share is a printed ratio; and how long after the burst's last write
 *     all the posts' counters were exact;
 *   - counter lag: one like or unlike at a time, write acknowledged → the post's likesCount updated by the
 *     stream subscriber (polled with consistent reads), p50/p99.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { parseArgs } from "node:util";
import { BatchGetItemCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CREDENTIALS, REGION } from "../stacks/local/env";
import { startPlatform } from "../stacks/local/platform";
import { meter, perOperation } from "./lib/capacity";
import { marshalAction } from "./lib/marshal";
import { startNextServer } from "./lib/next-server";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "40" },
    posts: { type: "string", default: "10" },
    concurrency: { type: "string", default: "8" },
    samples: { type: "string", default: "40" },
    "skip-web": { type: "boolean", default: false },
  },
});
const USERS = Number(args.users);
const POSTS = Number(args.posts);
const CONCURRENCY = Number(args.concurrency);
const SAMPLES = Number(args.samples);

process.env.BOURSE_RATE_LIMITS = "off";

const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Session } = await import("../packages/core/src/auth/index");
  const Social = await import("../packages/core/src/social/testing/index");
  const { posts } = await import("../packages/core/src/social/entities");
  const like = await route("../packages/web/src/app/api/posts/[id]/like/route");
  const { client } = await import("../packages/core/src/dynamo/client");
  // Only the requests' own table traffic counts, not that of the subscribers sharing core's client.
  const inRequest = new AsyncLocalStorage<true>();
  const requests = meter(client, () => inRequest.getStore() === true);

  const call = async (method: "PUT" | "DELETE", postID: string, authorization: string) => {
    const req = new Request(`http://localhost/api/posts/${postID}/like`, {
      method,
      headers: { authorization },
    });
    const response = await inRequest.run(true, () =>
      like[method](req, { params: Promise.resolve({ id: postID }) }),
    );
    if (response.status !== 200)
      throw new Error(`${method} like: ${response.status} ${await response.text()}`);
  };
  const likesCount = async (postID: string) =>
    (await posts.get({ postID }).go({ consistent: true })).data?.likesCount ?? Number.NaN;

  // Setup: an author with posts, and members with sessions (bearer tokens, as API clients send them).
  const author = await Social.member("Author");
  const postIDs: string[] = [];
  for (let i = 0; i < POSTS; i++) postIDs.push((await Social.post(author, `bench ${i}`)).id);
  const members = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const m = await Social.member(`User ${i}`);
      const tokens = await Session.start({ userID: m.id });
      return { id: m.id, authorization: `Bearer ${tokens.accessToken}` };
    }),
  );
  const users = members.map((m) => m.authorization);
  // Warm-up: module caches, the SDK's connections, JIT (a like and its unlike on a post of its own).
  const warm = await Social.post(author, "warm-up");
  await call("PUT", warm.id, users[0]!);
  await call("DELETE", warm.id, users[0]!);
  await platform.idle(120_000);

  // 1. Throughput through the API: every user likes every post, then takes it back.
  const pairs = members.flatMap(({ id, authorization }) =>
    postIDs.map((postID) => ({ userID: id, authorization, postID })),
  );
  requests.take();
  const likeMs = await timed(() => pool(pairs, (p) => call("PUT", p.postID, p.authorization)));
  const likeUsage = requests.take();
  const burstEnd = performance.now();
  await until(async () => (await Promise.all(postIDs.map(likesCount))).every((n) => n === USERS));
  const catchUpMs = performance.now() - burstEnd;
  requests.take();
  const unlikeMs = await timed(() => pool(pairs, (p) => call("DELETE", p.postID, p.authorization)));
  const unlikeUsage = requests.take();
  await platform.idle(120_000);
  const exact = (await Promise.all(postIDs.map(likesCount))).every((n) => n === 0);

  // The same likes and unlikes over HTTP to the production server (`next start`, its own process).
  let web: { likeMs: number; unlikeMs: number } | undefined;
  if (!args["skip-web"]) {
    const server = await startNextServer(platform.env);
    try {
      const send = async (method: "PUT" | "DELETE", postID: string, authorization: string) => {
        const response = await fetch(`${server.url}/api/posts/${postID}/like`, {
          method,
          headers: { authorization },
        });
        if (response.status !== 200)
          throw new Error(`${method} like (next start): ${response.status} ${await response.text()}`);
      };
      await send("PUT", warm.id, users[0]!);
      await send("DELETE", warm.id, users[0]!);
      const likeMs = await timed(() => pool(pairs, (p) => send("PUT", p.postID, p.authorization)));
      await until(async () => (await Promise.all(postIDs.map(likesCount))).every((n) => n === USERS));
      const unlikeMs = await timed(() => pool(pairs, (p) => send("DELETE", p.postID, p.authorization)));
      web = { likeMs, unlikeMs };
    } finally {
      server.stop();
    }
    await platform.idle(120_000);
  }

  // The same number of raw PutItems at the same concurrency, on the same table (the subscribers' filters
  // drop these items, as they drop anything that is not theirs).
  const dynamo = new DynamoDBClient({
    endpoint: platform.endpoints.dynamodb,
    region: REGION,
    credentials: CREDENTIALS,
  });
  const rawMeter = meter(dynamo);
  const rawPuts = (prefix: string) =>
    timed(() =>
      pool(
        pairs.map((_, i) => i),
        (i) =>
          dynamo.send(
            new PutItemCommand({
              TableName: platform.names.table,
              Item: {
                pk: { S: `$bench#${prefix}_${i}` },
                sk: { S: "$like_1" },
                postID: { S: postIDs[i % POSTS]! },
                userID: { S: `user-${i}` },
                createdAt: { N: String(Date.now()) },
              },
            }),
          ),
      ),
    );

  // The same likes with the stream held: the request path and the raw puts alone, as on AWS, where the
  // subscribers' reactions (counter, notifier, push) run on their own Lambdas, not in this process and
  // this one DynamoDB Local. Released, the subscribers catch up and the counters are checked.
  const release = platform.runner.hold();
  const heldLikeMs = await timed(() => pool(pairs, (p) => call("PUT", p.postID, p.authorization)));
  const heldRawMs = await rawPuts("held");
  rawMeter.take();
  release();
  await until(async () => (await Promise.all(postIDs.map(likesCount))).every((n) => n === USERS));
  await pool(pairs, (p) => call("DELETE", p.postID, p.authorization));
  await platform.idle(120_000);
  const heldExact = (await Promise.all(postIDs.map(likesCount))).every((n) => n === 0);

  const rawMs = await rawPuts("raw");
  const rawUsage = rawMeter.take();
  // A like's own storage work done raw, by a bare client: the authentication's consistent BatchGet of two
  // items, then core's own like put (conditional: created only if absent; the same items as the API's), so
  // the platform's subscribers (counter, notifier, push) react to these likes as to the API's: the floor
  // the API can reach on this platform.
  const S = (key: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: String(v) }]));
  const { users: userEntity } = await import("../packages/core/src/user/entities");
  const { likes } = await import("../packages/core/src/social/entities");
  const floorMs = await timed(() =>
    pool(pairs, async ({ userID, postID }) => {
      await dynamo.send(
        new BatchGetItemCommand({
          RequestItems: {
            [platform.names.table]: {
              Keys: [S(posts.get({ postID }).params().Key), S(userEntity.get({ userID }).params().Key)],
              ConsistentRead: true,
            },
          },
        }),
      );
      const like = likes.create({ postID, userID, postAuthorID: author.id, createdAt: Date.now() });
      await dynamo.send(new PutItemCommand(marshalAction({ Put: like.params() }).Put!));
    }),
  );
  const floorUsage = rawMeter.take();
  dynamo.destroy();

  // 2. Counter lag: one write at a time, acknowledged → visible in likesCount.
  await platform.idle(120_000);
  const lagPost = (await Social.post(author, "lag")).id;
  const liked = new Set<number>();
  let expected = 0;
  const fromAck: number[] = [];
  const fromStart: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const who = i % USERS;
    const undo = liked.has(who);
    const started = performance.now();
    await call(undo ? "DELETE" : "PUT", lagPost, users[who]!);
    const acked = performance.now();
    if (undo) liked.delete(who);
    else liked.add(who);
    expected += undo ? -1 : 1;
    await until(async () => (await likesCount(lagPost)) === expected, 1);
    const seen = performance.now();
    fromAck.push(seen - acked);
    fromStart.push(seen - started);
  }

  const n = pairs.length;
  const rate = (ms: number) => n / (ms / 1000);
  const fmt = (x: number) => x.toFixed(1).padStart(9);
  const a = summary(fromAck);
  const s = summary(fromStart);
  console.log(
    `\nlike throughput: ${USERS} users × ${POSTS} posts = ${n} likes, then ${n} unlikes, ${CONCURRENCY} at a time`,
  );
  console.log("                                      ops/s");
  console.log(`PUT /api/posts/{id}/like          ${fmt(rate(likeMs))}   (${likeMs.toFixed(0)} ms)`);
  console.log(`DELETE /api/posts/{id}/like       ${fmt(rate(unlikeMs))}   (${unlikeMs.toFixed(0)} ms)`);
  if (web) {
    console.log(`PUT like, next start (HTTP)       ${fmt(rate(web.likeMs))}   (${web.likeMs.toFixed(0)} ms)`);
    console.log(
      `DELETE like, next start (HTTP)    ${fmt(rate(web.unlikeMs))}   (${web.unlikeMs.toFixed(0)} ms)`,
    );
    console.log(
      `ratio next start/route handler    ${(rate(web.likeMs) / rate(likeMs)).toFixed(3).padStart(9)}x   (the framework's and HTTP's share)`,
    );
  }
  console.log(`raw PutItem                       ${fmt(rate(rawMs))}   (${rawMs.toFixed(0)} ms)`);
  console.log(
    `ratio like API/raw PutItem        ${(rate(likeMs) / rate(rawMs)).toFixed(3).padStart(9)}x   (raw is ${(rate(rawMs) / rate(likeMs)).toFixed(1)}x faster)`,
  );
  console.log(
    `raw BatchGet + conditional put    ${fmt(rate(floorMs))}   (${floorMs.toFixed(0)} ms: a like's storage work)`,
  );
  console.log(`ratio like API/that floor         ${(rate(likeMs) / rate(floorMs)).toFixed(3).padStart(9)}x`);
  console.log("with the stream held (no subscriber reacting meanwhile; they caught up after):");
  console.log(`PUT /api/posts/{id}/like          ${fmt(rate(heldLikeMs))}   (${heldLikeMs.toFixed(0)} ms)`);
  console.log(`raw PutItem                       ${fmt(rate(heldRawMs))}   (${heldRawMs.toFixed(0)} ms)`);
  console.log(
    `ratio like API/raw PutItem        ${(rate(heldLikeMs) / rate(heldRawMs)).toFixed(3).padStart(9)}x   (counters after release and unlikes: ${heldExact ? "exact" : "WRONG"})`,
  );
  console.log("\ntable traffic per operation (ReturnConsumedCapacity; DynamoDB on-demand prices)");
  console.log(`PUT like     ${perOperation(likeUsage, n)}`);
  console.log(`DELETE like  ${perOperation(unlikeUsage, n)}`);
  console.log(`raw PutItem  ${perOperation(rawUsage, n)}`);
  console.log(`like floor   ${perOperation(floorUsage, n)}`);
  console.log(
    `counters exact ${fmt(catchUpMs)} ms after the like burst's last write; after the unlikes: ${exact ? "exact" : "WRONG"}`,
  );
  console.log(`\ncounter lag, like/unlike → likesCount updated (${SAMPLES} sequential writes), ms`);
  console.log("                                    p50       p99");
  console.log(`from the write's acknowledgement ${fmt(a.p50)} ${fmt(a.p99)}`);
  console.log(`from the request's start         ${fmt(s.p50)} ${fmt(s.p99)}`);
} finally {
  await platform.stop();
}

/**
 * A web route module. Imported by a computed path so that the root type check (Node types, no DOM) does not
 * pull in packages/web, which packages/web/tsconfig.json checks with its own settings.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
function route(path: string): Promise<{ PUT: Handler; DELETE: Handler }> {
  return import(path);
}

/** Run `work` over `items`, CONCURRENCY at a time. */
async function pool<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function until(check: () => Promise<boolean>, everyMs = 5, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("timed out waiting for the counters");
    await new Promise((done) => setTimeout(done, everyMs));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
