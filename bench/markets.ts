/**
 * Markets benchmark, on the local platform (DynamoDB Local in memory, the local news servers, the stream
 * runner with every subscriber), in one run:
 *
 *   pnpm bench:markets     (or: ... bench/markets.ts --connections 8 --seconds 10)
 *
 * Seeds a member's watchlist of 5 tickers, runs the News cron (the real handler against the local Tiingo
 * and Finnhub) and waits for the scorer, then serves GET /api/watchlists/{id}/sentiment (the web route
 * handler, bearer token) over HTTP and loads it with autocannon at 8 concurrent readers, twice: with the
 * per-instance caches on (sentiment 5 min, last run 15 s, watchlists 60 s) and off. Prints p50/p99 latency
 * and the DynamoDB read calls per request (counted by a middleware on core's client) side by side.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { scheduledEvent } from "../stacks/local/crons";
import { REGION } from "../stacks/local/env";
import { invokeHandler } from "../stacks/local/handlers";
import { startPlatform } from "../stacks/local/platform";
import { crons } from "../stacks/topology";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "8" },
    seconds: { type: "string", default: "10" },
  },
});
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const TICKERS = ["AAPL", "MSFT", "NVDA", "AMZN", "TSLA"];

const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
try {
  // Core reads Resource.* as it loads: import it once the platform has set the environment.
  const { client } = await import("@bourse/core/dynamo");
  const { Actor } = await import("@bourse/core/actor");
  const { Auth } = await import("@bourse/core/auth");
  const { Watchlist } = await import("@bourse/core/watchlist");
  const { setCachesEnabled } = await import("@bourse/core/util/cache");
  // The route is the web app's (DOM-typed) code: loaded by path so the root type check stays Node-only.
  const route = "../packages/web/src/app/api/watchlists/[id]/sentiment/route";
  const { GET } = (await import(route)) as {
    GET: (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  };

  // Every read the table serves, whichever client (ElectroDB, the DocumentClient) sent it.
  const READS = new Set([
    "GetItemCommand",
    "QueryCommand",
    "BatchGetItemCommand",
    "ScanCommand",
    "TransactGetItemsCommand",
  ]);
  let reads = 0;
  client.middlewareStack.add(
    (next, context) => (input) => {
      if (READS.has(context.commandName ?? "")) reads++;
      return next(input);
    },
    { step: "initialize", name: "benchReadCounter" },
  );

  // 1. A member, their watchlist, the News cron, the scorer.
  const tokens = await Auth.signup({
    email: `bench-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    handle: `bench${Date.now() % 100_000}`,
    displayName: "Bench",
  });
  const actor = { type: "user", properties: { userID: tokens.user.id, sessionID: "bench" } } as const;
  const list = await Actor.provide(actor, () => Watchlist.create({ name: "Bench", tickers: TICKERS }));
  const cron = crons.find((c) => c.name === "News");
  if (!cron) throw new Error("no News cron in the topology");
  const run = (await invokeHandler(cron.handler, scheduledEvent(cron.name, new Date(), REGION), {
    functionName: "bench-News",
    timeoutMs: 120_000,
  })) as { stored: number };
  await platform.idle(120_000);
  console.log(
    `seeded: watchlist of ${TICKERS.join(", ")}; the News cron stored ${run.stored} articles, scored`,
  );

  // 2. The route over HTTP.
  const server = createServer(async (req, res) => {
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
    });
    const response = await GET(request, { params: Promise.resolve({ id: list.id }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/watchlists/${list.id}/sentiment`;
  const headers = { authorization: `Bearer ${tokens.accessToken}` };
  const check = await fetch(url, { headers });
  const body = (await check.json()) as { tickers: { week: { articles: number } }[] };
  if (check.status !== 200 || body.tickers.length !== TICKERS.length)
    throw new Error(`bad answer ${check.status}`);

  async function load(label: string) {
    await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 }); // warm-up
    const before = reads;
    const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
    const requests = result.requests.total;
    const non2xx = result.non2xx + result.errors;
    return {
      label,
      requests,
      non2xx,
      p50: result.latency.p50,
      p99: result.latency.p99,
      rps: result.requests.average,
      readsPerRequest: (reads - before) / requests,
    };
  }

  setCachesEnabled(true);
  const on = await load("caches on");
  setCachesEnabled(false);
  const off = await load("caches off");
  server.closeAllConnections();
  await new Promise((done) => server.close(done));

  const row = (r: typeof on) =>
    `${r.label.padEnd(11)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${r.rps.toFixed(0).padStart(5)} req/s  ${r.readsPerRequest.toFixed(2).padStart(6)} reads/request  (${r.requests} requests, ${r.non2xx} not 2xx)`;
  // The machine's load, for reading the latencies: autocannon and the server share its cores.
  const load1 = loadavg()[0]?.toFixed(1);
  console.log(
    `\nGET /api/watchlists/{id}/sentiment, ${TICKERS.length} tickers, ${CONNECTIONS} concurrent readers, ${SECONDS} s each (${cpus().length} cores, load average ${load1}):`,
  );
  console.log(row(on));
  console.log(row(off));
  const fewer = 1 - on.readsPerRequest / off.readsPerRequest;
  console.log(
    `\np99 with caches on: ${on.p99} ms (goal ≤ 100 ms: ${on.p99 <= 100 ? "met" : "NOT met"}); ` +
      `table reads per request: ${(fewer * 100).toFixed(1)} % fewer with the caches (goal ≥ 80 %: ${fewer >= 0.8 ? "met" : "NOT met"}); ` +
      `p99 off/on ${(off.p99 / Math.max(1, on.p99)).toFixed(1)}×`,
  );
} finally {
  await platform.stop();
}
