/**
 * Cache benchmark, on the local platform (DynamoDB Local in memory, S3 emulator, local news servers, stream
 * subscribers):
 *
 *   pnpm bench:cache     (or: ... bench/cache.ts --requests 720 --rps 4)
 *
 * Seeds the markets (watchlists of every ticker the generator uses, then the News cron against the local
 * Tiingo and Finnhub, and the scorer), serves the web app's route handlers over HTTP on loopback (the client
 * address from the socket, as the local front gives it), grows a community with an uncounted generator run,
 * then drives the same traffic-generator run (same seed, same returning browsers: the same visitors making
 * the same visits) twice, with every per-instance cache off and then on.
 * Meters the table reads (bench/lib/capacity: read calls and RRU) of each request kind and of the
 * background (stream subscribers), and each cache's loads (its layer), and prints them side by side with
 * their total (goal: ≥ 80 % fewer with the caches) and the run's every table read.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { type Browser, format, KINDS, runTraffic } from "../packages/web/src/server/traffic/generator";
import { scheduledEvent } from "../stacks/local/crons";
import { REGION } from "../stacks/local/env";
import { invokeHandler } from "../stacks/local/handlers";
import { startPlatform } from "../stacks/local/platform";
import { crons } from "../stacks/topology";
import { meter, type Usage } from "./lib/capacity";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "720" },
    rps: { type: "string", default: "4" },
    minutes: { type: "string", default: "10" },
    seed: { type: "string", default: "7" },
    detail: { type: "boolean", default: false },
  },
});
const TICKERS = ["AAPL", "MSFT", "NVDA", "AMZN", "TSLA", "GOOG", "META", "JPM", "DIS", "NFLX"];

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, string, string[]][] = [
  [/^\/api\/auth\/anonymous$/, "auth/anonymous", []],
  [/^\/api\/auth\/signup$/, "auth/signup", []],
  [/^\/api\/auth\/refresh$/, "auth/refresh", []],
  [/^\/api\/users\/([^/]+)\/follow$/, "users/[handle]/follow", ["handle"]],
  [/^\/api\/watchlists$/, "watchlists", []],
  [/^\/api\/watchlists\/([^/]+)$/, "watchlists/[id]", ["id"]],
  [/^\/api\/watchlists\/([^/]+)\/sentiment$/, "watchlists/[id]/sentiment", ["id"]],
  [/^\/api\/feed$/, "feed", []],
  [/^\/api\/uploads$/, "uploads", []],
  [/^\/api\/posts$/, "posts", []],
  [/^\/api\/posts\/([^/]+)\/like$/, "posts/[id]/like", ["id"]],
];

// Cheap password hashes: sign-ups' bcrypt (pure JS) would take the in-process server's CPU, and this bench
// counts table reads, which the cost does not change.
process.env.BOURSE_BCRYPT_COST = "4";
process.env.BOURSE_ALLOW_WEAK_BCRYPT = "1";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
try {
  // Core reads Resource.* as it loads: import it once the platform has set the environment.
  const { client } = await import("@bourse/core/dynamo");
  const { Actor } = await import("@bourse/core/actor");
  const { Auth } = await import("@bourse/core/auth");
  const { Watchlist } = await import("@bourse/core/watchlist");
  const { caches, setCachesEnabled } = await import("@bourse/core/util/cache");
  // The routes are the web app's (DOM-typed) code: loaded by path.
  const handlers = new Map<string, Record<string, Handler>>();
  for (const [, path] of ROUTES)
    handlers.set(
      path,
      (await import(`../packages/web/src/app/api/${path}/route`)) as Record<string, Handler>,
    );

  // 1. The markets: every ticker watched, the News cron's articles scored (the app always has news).
  const seeder = await Auth.signup({
    email: `bench-seed-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    handle: `seed${Date.now() % 100_000}`,
    displayName: "Seed",
  });
  await Actor.provide(
    { type: "user", properties: { userID: seeder.user.id, sessionID: "seed" } },
    async () => {
      await Watchlist.create({ name: "A", tickers: TICKERS.slice(0, 5) });
      await Watchlist.create({ name: "B", tickers: TICKERS.slice(5) });
    },
  );
  const news = crons.find((c) => c.name === "News");
  if (!news) throw new Error("no News cron in the topology");
  const ran = (await invokeHandler(news.handler, scheduledEvent(news.name, new Date(), REGION), {
    functionName: "bench-News",
    timeoutMs: 120_000,
  })) as { stored: number };
  await platform.idle(120_000);
  console.log(`seeded: the News cron stored ${ran.stored} articles for ${TICKERS.length} tickers, scored`);

  // 2. Table reads metered per request kind, and those of no request (the stream subscribers).
  const kindOf = new AsyncLocalStorage<string>();
  const LABELS = [...KINDS, "background"];
  const meters = new Map(
    LABELS.map((label) => [label, meter(client, () => (kindOf.getStore() ?? "background") === label)]),
  );

  // --detail: where each read is made (the first frames of core outside the data kit), per kind.
  const sites = new Map<string, number>();
  if (args.detail)
    client.middlewareStack.add(
      (next, context) => (input) => {
        const command = context.commandName ?? "";
        if (/^(GetItem|Query|BatchGetItem|TransactGetItems|Scan)Command$/.test(command)) {
          Error.stackTraceLimit = 60;
          const frames = (new Error().stack ?? "")
            .split("\n")
            .filter((l) => l.includes("/packages/") && !l.includes("/dynamo/") && !l.includes("node_modules"))
            .map((l) =>
              l
                .trim()
                .replace(/^at (async )?/, "")
                .replace(/\(?\/.*packages\//, "(")
                .replace(/:\d+\)?$/, ")"),
            )
            .slice(0, 3)
            .join(" < ");
          const key = `${kindOf.getStore() ?? "background"} ${command.replace(/Command$/, "")} ${frames}`;
          sites.set(key, (sites.get(key) ?? 0) + 1);
        }
        return next(input);
      },
      { step: "initialize", name: "benchSites" },
    );

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const found = ROUTES.map(([pattern, path, names]) => ({
      match: pattern.exec(url.pathname),
      path,
      names,
    })).find((r) => r.match);
    const handler = found && handlers.get(found.path)?.[req.method ?? "GET"];
    if (!found || !handler) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    // The app's own origin, as the browser on its pages sends it (the generator's is the bench's port).
    headers.set("origin", new URL(platform.env.BOURSE_PUBLIC_URL as string).origin);
    // The client's address as the local front (and CloudFront) gives it: each visitor has its own.
    headers.set("cloudfront-viewer-address", `${req.socket.remoteAddress}:${req.socket.remotePort}`);
    const request = new Request(`${platform.env.BOURSE_PUBLIC_URL}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const params = Object.fromEntries(
      found.names.map((n, i) => [n, decodeURIComponent(found.match?.[i + 1] ?? "")]),
    );
    const kind = headers.get("x-traffic-kind") ?? "background";
    const response = await kindOf.run(kind, () => handler(request, { params: Promise.resolve(params) }));
    const out: Record<string, string | string[]> = Object.fromEntries(response.headers);
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // 3. A community first: a run of the generator (not counted) whose browsers, members with their follows,
  // posts and watchlists, and guests with theirs, come back in both counted runs, with their cookies.
  const community: Browser[] = [];
  const warm = await runTraffic({
    baseUrl,
    requests: Number(args.requests) / 2,
    minutes: Number(args.minutes),
    rps: Number(args.rps),
    seed: Number(args.seed) + 1,
    joinShare: 0.6,
    browsers: community,
  });
  await platform.idle(300_000).catch((error: unknown) => console.warn(`not idle: ${error}`));
  console.log(
    `community: ${community.length} browsers, ${community.filter((b) => b.member).length} members (${warm.requests} requests, ${warm.errors} errors)`,
  );

  async function run(label: string, enabled: boolean) {
    setCachesEnabled(enabled);
    for (const m of meters.values()) m.take();
    sites.clear();
    const before = new Map(caches().map((c) => [c.name, c]));
    const load = loadavg()[0] ?? 0;
    const report = await runTraffic({
      baseUrl,
      requests: Number(args.requests),
      minutes: Number(args.minutes),
      rps: Number(args.rps),
      seed: Number(args.seed),
      // The same browsers come back in both runs (those new in the first are not brought to the second).
      browsers: [...community],
      headers: (kind) => ({ "x-traffic-kind": kind }),
      onProgress: (r) =>
        process.stderr.write(`\r${label}: ${(r.elapsedMs / 1000).toFixed(0)} s, ${r.requests} requests   `),
    });
    process.stderr.write("\n");
    // The stream subscribers finish the run's work (fan-out, counters) before the count is taken.
    await platform.idle(300_000).catch((error: unknown) => console.warn(`not idle: ${error}`));
    const usage = new Map([...meters].map(([kind, m]) => [kind, m.take()]));
    const layers = new Map(
      caches().map((c) => {
        const b = before.get(c.name);
        return [
          c.name,
          {
            // A load shared by several caches (a feed page's one BatchGet) is shared out in fractions.
            reads: Math.round(c.reads - (b?.reads ?? 0)),
            hits: c.hits - (b?.hits ?? 0),
            misses: c.misses - (b?.misses ?? 0),
          },
        ];
      }),
    );
    const where = new Map(sites);
    sites.clear();
    return { label, report, usage, layers, where, load: Math.max(load, loadavg()[0] ?? 0) };
  }

  // Off first: the News run's settling window (sentiment answers kept 10 s for 2 minutes) is over by the
  // time the caches are on, as it is 3 of every 5 minutes between runs.
  const off = await run("caches off", false);
  const on = await run("caches on", true);
  setCachesEnabled(true);
  server.closeAllConnections();
  await new Promise((done) => server.close(done));

  const calls = (u: Usage | undefined) =>
    u
      ? (
          [
            "GetItemCommand",
            "QueryCommand",
            "BatchGetItemCommand",
            "TransactGetItemsCommand",
            "ScanCommand",
          ] as const
        )
          .map((c) => u.calls[c] ?? 0)
          .reduce((a, b) => a + b, 0)
      : 0;
  const fewer = (a: number, b: number) => (b ? `${((1 - a / b) * 100).toFixed(1)} %` : "-");
  const pad = (v: string | number, n = 8) => String(v).padStart(n);

  console.log(`\ncaches off: ${format(off.report)}\n\ncaches on:  ${format(on.report)}`);
  console.log(
    `\nTable reads for the same traffic-generator run (seed ${args.seed}, ${args.requests} requests at ${args.rps} req/s; ` +
      `load average ${off.load.toFixed(1)} / ${on.load.toFixed(1)}), caches off vs on:\n`,
  );
  console.log(
    `${"request kind".padEnd(17)}${pad("requests")}${pad("reads off")}${pad("on", 7)}  fewer   ${pad("RRU off", 9)}${pad("on", 8)}  fewer   share of reads left`,
  );
  let totalOff = 0;
  let totalOn = 0;
  let rruOff = 0;
  let rruOn = 0;
  for (const label of LABELS) {
    totalOff += calls(off.usage.get(label));
    totalOn += calls(on.usage.get(label));
    rruOff += off.usage.get(label)?.read ?? 0;
    rruOn += on.usage.get(label)?.read ?? 0;
  }
  for (const label of LABELS) {
    const a = calls(on.usage.get(label));
    const b = calls(off.usage.get(label));
    const ra = on.usage.get(label)?.read ?? 0;
    const rb = off.usage.get(label)?.read ?? 0;
    const requests = (on.report.kinds as Record<string, { requests: number }>)[label]?.requests ?? "";
    if (a || b)
      console.log(
        `${label.padEnd(17)}${pad(requests)}${pad(b)}${pad(a, 7)}  ${fewer(a, b).padStart(7)} ${pad(rb.toFixed(0), 9)}${pad(ra.toFixed(0))}  ${fewer(ra, rb).padStart(7)}   ${((a / Math.max(1, totalOn)) * 100).toFixed(1)} %`,
      );
  }
  console.log(
    `${"total".padEnd(17)}${pad(on.report.requests)}${pad(totalOff)}${pad(totalOn, 7)}  ${fewer(totalOn, totalOff).padStart(7)} ${pad(rruOff.toFixed(0), 9)}${pad(rruOn.toFixed(0))}  ${fewer(rruOn, rruOff).padStart(7)}`,
  );

  console.log(
    `\nper cache (layer): the table reads its loads made, off vs on, and its hits with the caches on`,
  );
  console.log(
    `${"cache".padEnd(15)}${pad("reads off", 10)}${pad("on")}  fewer   ${pad("hits")}${pad("misses")}`,
  );
  let layeredOff = 0;
  let layeredOn = 0;
  for (const [name, o] of off.layers) {
    const n = on.layers.get(name) ?? { reads: 0, hits: 0, misses: 0 };
    layeredOff += o.reads;
    layeredOn += n.reads;
    if (o.reads || n.reads || n.hits)
      console.log(
        `${name.padEnd(15)}${pad(o.reads, 10)}${pad(n.reads)}  ${fewer(n.reads, o.reads).padStart(7)} ${pad(n.hits)}${pad(n.misses)}`,
      );
  }
  console.log(
    `${"every cache".padEnd(15)}${pad(layeredOff, 10)}${pad(layeredOn)}  ${fewer(layeredOn, layeredOff).padStart(7)}   (the reads the caches stand in front of, added up)`,
  );
  console.log(
    `${"no cache".padEnd(15)}${pad(totalOff - layeredOff, 10)}${pad(totalOn - layeredOn)}  ${fewer(totalOn - layeredOn, totalOff - layeredOff).padStart(7)}   (reads no cache stands in front of)`,
  );
  if (args.detail) {
    console.log("\nwhere the reads are (off, on): kind, command, first frames of core");
    const keys = new Set([...off.where.keys(), ...on.where.keys()]);
    for (const key of [...keys].sort((a, b) => (on.where.get(b) ?? 0) - (on.where.get(a) ?? 0)))
      console.log(`${pad(off.where.get(key) ?? 0, 6)}${pad(on.where.get(key) ?? 0, 6)}  ${key}`);
  }
  // The goal is on the layers "in total": the reads the caches stand in front of, added up. The
  // run's every table read is printed beside it (it also holds the reads no cache may stand in front of).
  const layered = 1 - layeredOn / layeredOff;
  console.log(
    `\nin total, every cache: ${layeredOn} table reads with the caches, ${layeredOff} without: ` +
      `${(layered * 100).toFixed(1)} % fewer (goal ≥ 80 %: ${layered >= 0.8 ? "met" : "NOT met"})`,
  );
  console.log(
    `every table read of the run: ${totalOn} with the caches, ${totalOff} without: ${fewer(totalOn, totalOff)} fewer; ` +
      `RRU ${fewer(rruOn, rruOff)} fewer`,
  );
} finally {
  await platform.stop();
}
