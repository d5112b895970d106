/**
 * Real-time push benchmark: write → browser-visible latency with 200 open sockets on the local platform,
 * next to the same update seen by polling at the app's interval, and push throughput.
 *
 *   pnpm bench:realtime          (or: pnpm exec tsx … bench/realtime.ts --sockets 200 --posts 3)
 *
 * Starts an in-memory local platform and, in one run:
 *   - latency: members 0..N-1 each hold a socket subscribed to their notifications and, as the browser's
 *     fallback does, poll GET /api/notifications/unread every NOTIFICATIONS_POLL_MS (15 s, random phase;
 *     the route handler with a bearer token). One like on each member's post, one at a time; per like: acknowledged write → its notification message on the socket, and → the first poll that
 *     sees it. The push path is like → stream → Notifier → notification item → stream → RealtimePush →
 *     @connections POST → socket.
 *   - throughput: every member follows one author, whose `--posts` posts fan out into every member's feed;
 *     each feed item becomes a `feed.post` message: messages/s from the first post to the last message;
 *     and the push alone: as many feed-item records through Push.handle in batches of 100.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { Client } from "../packages/core/src/realtime/testing/index";
import { startPlatform } from "../stacks/local/platform";

type Handler = (req: Request, ctx: { params: Promise<object> }) => Promise<Response>;

const { values: args } = parseArgs({
  options: {
    sockets: { type: "string", default: "200" },
    posts: { type: "string", default: "3" },
  },
});
const SOCKETS = Number(args.sockets);
const POSTS = Number(args.posts);

process.env.BOURSE_RATE_LIMITS = "off";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const load = () => loadavg()[0]?.toFixed(1);

try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Session } = await import("../packages/core/src/auth/index");
  const Social = await import("../packages/core/src/social/testing/index");
  const { Like, Follow } = await import("../packages/core/src/social/index");
  const { connect } = await import("../packages/core/src/realtime/testing/index");
  const { Push } = await import("../packages/core/src/realtime/index");
  const socialClient = "../packages/web/src/client/social";
  const { NOTIFICATIONS_POLL_MS } = (await import(socialClient)) as { NOTIFICATIONS_POLL_MS: number };
  // By a path in a variable: the web app's modules resolve `@/` through its own tsconfig (the script's).
  const unreadRoute = "../packages/web/src/app/api/notifications/unread/route";
  const unread = ((await import(unreadRoute)) as { GET: Handler }).GET;

  console.log(`setup: ${SOCKETS} members with a session, a post and a socket… (load ${load()})`);
  const liker = await Social.member("Liker");
  // Ten at a time: DynamoDB Local times out transactions that wait on each other too long.
  const members: { id: string; handle: string; token: string; postID: string }[] = [];
  for (let i = 0; i < SOCKETS; i += 10)
    members.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, SOCKETS - i) }, async (_, j) => {
          const m = await Social.member(`Member ${i + j}`);
          const tokens = await Session.start({ userID: m.id });
          const post = await Social.post(m, `post ${i + j}`);
          return { ...m, token: tokens.accessToken, postID: post.id };
        }),
      )),
    );
  const sockets: Client[] = [];
  for (const m of members) {
    const socket = await connect({ token: m.token });
    const reply = await socket.subscribe([`notifications:${m.id}`, `feed:${m.id}`]);
    if (reply.type !== "subscribed") throw new Error(`subscribe: ${JSON.stringify(reply)}`);
    sockets.push(socket);
  }
  await platform.idle();

  // Latency: a like per member; each one's socket and poller watch for it.
  const pushed: number[] = [];
  const polled: number[] = [];
  let stopPolling = false;
  const pollers = members.map(async (m, i) => {
    const written = () => writes[i];
    await sleep(Math.random() * NOTIFICATIONS_POLL_MS);
    while (!stopPolling) {
      const response = await unread(
        new Request("http://localhost/api/notifications/unread", {
          headers: { authorization: `Bearer ${m.token}` },
        }),
        { params: Promise.resolve({}) },
      );
      const seen = ((await response.json()) as { unread: number }).unread > 0;
      const at = written();
      if (seen && at !== undefined) return polled.push(performance.now() - at);
      await sleep(NOTIFICATIONS_POLL_MS);
    }
  });
  const writes: (number | undefined)[] = [];
  const waits = sockets.map(async (socket, i) => {
    await socket.next((msg) => msg.type === "notification", 120_000);
    pushed.push(performance.now() - (writes[i] ?? Number.NaN));
  });
  // One like at a time (the next once the previous was pushed): latency, not the Notifier's queue.
  for (const [i, m] of members.entries()) {
    await Social.as(liker, () => Like.like(m.postID));
    writes[i] = performance.now();
    await waits[i];
  }
  await Promise.race([Promise.all(pollers), sleep(NOTIFICATIONS_POLL_MS * 3)]);
  stopPolling = true;

  // Throughput, end to end: one author's posts fan out to every member's feed, each item a message.
  const author = await Social.member("Author");
  for (const m of members) await Social.as(m, () => Follow.follow(author.handle));
  await platform.idle();
  const feedPosts = (s: Client) => s.messages.filter((x) => x.type === "feed.post").length;
  const allGot = (n: number) => Promise.all(sockets.map((s) => s.next(() => feedPosts(s) >= n, 180_000)));
  let started = performance.now();
  for (let p = 0; p < POSTS; p++) await Social.post(author, `fan-out ${p}`);
  await allGot(POSTS);
  const fanout = { messages: SOCKETS * POSTS, seconds: (performance.now() - started) / 1000 };

  // Throughput of the push alone: batches of feed-item records (as the stream hands RealtimePush 100 at
  // a time) through Push.handle, posted to the sockets through the management API.
  const changes = Array.from({ length: POSTS }, (_, p) =>
    members.map((m, i) => ({
      eventID: `bench-${Date.now()}-${p}-${i}`,
      eventName: "INSERT" as const,
      entity: "feedItem",
      newImage: { readerID: m.id, postID: `post-${p}`, authorID: author.id },
    })),
  ).flat();
  started = performance.now();
  for (let at = 0; at < changes.length; at += 100) await Push.handle(changes.slice(at, at + 100));
  await allGot(POSTS * 2);
  const push = { messages: changes.length, seconds: (performance.now() - started) / 1000 };

  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const p50 = { push: quantile(pushed, 0.5), poll: quantile(polled, 0.5) };
  const p99 = { push: quantile(pushed, 0.99), poll: quantile(polled, 0.99) };
  console.log(
    `\nwrite → visible, ${SOCKETS} open sockets, ${pushed.length} pushed / ${polled.length} polled updates (load ${load()}):`,
  );
  console.log(`  push over the socket   p50 ${ms(p50.push)}  p99 ${ms(p99.push)}   (goal p99 < 1000 ms)`);
  console.log(
    `  polling every ${NOTIFICATIONS_POLL_MS / 1000} s    p50 ${ms(p50.poll)}  p99 ${ms(p99.poll)}`,
  );
  console.log(
    `  ratio polling / push   p50 ${(p50.poll / p50.push).toFixed(1)}×  p99 ${(p99.poll / p99.push).toFixed(1)}×   (goal ≥ 10×)`,
  );
  const rate = (t: { messages: number; seconds: number }) =>
    `${t.messages} messages in ${t.seconds.toFixed(1)} s = ${(t.messages / t.seconds).toFixed(0)} messages/s`;
  console.log(`\nthroughput (load ${load()}):`);
  console.log(`  end to end, ${POSTS} posts fanned out to ${SOCKETS} followers: ${rate(fanout)}`);
  console.log(`  the push alone (Push.handle, batches of 100 records): ${rate(push)}`);
  for (const s of sockets) s.close();
} finally {
  await platform.stop();
}
