/**
 * Cache benchmark, on the local platform (DynamoDB Local in memory, S3 emulator, stream subscribers):
 *
 *   pnpm bench:cache     (or: ... bench/cache.ts --requests 600 --rps 40)
 *
 * Serves the web app's route handlers over HTTP on loopback and drives the same traffic-generator run
 * (same seed: the same mix of guests, sign-ups, watchlist edits, sentiment and feed reads, posts, likes)
 * twice, with every per-instance cache on and then off. Counts the table reads each request caused
 * (a middleware on core's client, attributed to the request's kind) and prints, side by side: reads per
 * kind, each cache's hits (reads saved), and the total (goal: ≥ 80 % fewer with the caches).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { startPlatform } from "../stacks/local/platform";
import { KINDS, type Kind, runTraffic } from "./traffic/generator";

const { values: args } = parseArgs({
  options: { requests: { type: "string", default: "600" }, rps: { type: "string", default: "40" } },
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, string, string[]][] = [
  [/^\/api\/auth\/anonymous$/, "auth/anonymous", []],
  [/^\/api\/auth\/signup$/, "auth/signup", []],
  [/^\/api\/watchlists$/, "watchlists", []],
  [/^\/api\/watchlists\/([^/]+)$/, "watchlists/[id]", ["id"]],
  [/^\/api\/watchlists\/([^/]+)\/sentiment$/, "watchlists/[id]/sentiment", ["id"]],
  [/^\/api\/feed$/, "feed", []],
  [/^\/api\/uploads$/, "uploads", []],
  [/^\/api\/posts$/, "posts", []],
  [/^\/api\/posts\/([^/]+)\/like$/, "posts/[id]/like", ["id"]],
];

const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
process.env.POWERTOOLS_LOG_LEVEL = "ERROR";
try {
  // Core reads Resource.* as it loads: import it once the platform has set the environment.
  const { client } = await import("@bourse/core/dynamo");
  const { caches, setCachesEnabled } = await import("@bourse/core/util/cache");
  const handlers = new Map<string, Record<string, Handler>>();
  for (const [, path] of ROUTES)
    handlers.set(
      path,
      (await import(`../packages/web/src/app/api/${path}/route`)) as Record<string, Handler>,
    );

  const READS = new Set(["GetItemCommand", "QueryCommand", "BatchGetItemCommand", "TransactGetItemsCommand"]);
  const kindOf = new AsyncLocalStorage<Kind>();
  const reads = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (input) => {
      if (READS.has(context.commandName ?? "")) {
        const kind = kindOf.getStore() ?? "background";
        reads.set(kind, (reads.get(kind) ?? 0) + 1);
      }
      return next(input);
    },
    { step: "initialize", name: "benchReadCounter" },
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
    // The app's own origin, as the browser on its pages sends it.
    headers.set("origin", new URL(platform.env.BOURSE_PUBLIC_URL as string).origin);
    // The edge's viewer address, one per visitor (as CloudFront sets it), so per-address limits apply per visitor.
    const visitor = Number(headers.get("x-traffic-visitor") ?? 0);
    headers.set(
      "cloudfront-viewer-address",
      `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}:4000`,
    );
    const request = new Request(`${platform.env.BOURSE_PUBLIC_URL}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const params = Object.fromEntries(
      found.names.map((n, i) => [n, decodeURIComponent(found.match?.[i + 1] ?? "")]),
    );
    const kind = (headers.get("x-traffic-kind") ?? "background") as Kind;
    const response = await kindOf.run(kind, () => handler(request, { params: Promise.resolve(params) }));
    const out: Record<string, string | string[]> = Object.fromEntries(response.headers);
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function run(label: string, enabled: boolean) {
    setCachesEnabled(enabled);
    reads.clear();
    const hitsBefore = new Map(caches().map((c) => [c.name, c.hits]));
    const report = await runTraffic({
      baseUrl,
      requests: Number(args.requests),
      rps: Number(args.rps),
      minutes: 10,
      seed: 7,
      headers: (kind, visitor) => ({ "x-traffic-kind": kind, "x-traffic-visitor": String(visitor) }),
    });
    await platform.idle(120_000);
    const saved = Object.fromEntries(caches().map((c) => [c.name, c.hits - (hitsBefore.get(c.name) ?? 0)]));
    return { label, report, reads: new Map(reads), saved };
  }

  const on = await run("caches on", true);
  const off = await run("caches off", false);
  setCachesEnabled(true);
  server.closeAllConnections();
  await new Promise((done) => server.close(done));

  const total = (r: typeof on) => [...r.reads.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\nTable reads for the same traffic-generator run (${on.report.requests} / ${off.report.requests} requests, seed 7), caches on vs off:\n`,
  );
  console.log(`${"request kind".padEnd(18)} ${"on".padStart(7)} ${"off".padStart(7)}  fewer`);
  for (const kind of [...KINDS, "background"]) {
    const a = on.reads.get(kind) ?? 0;
    const b = off.reads.get(kind) ?? 0;
    if (a || b)
      console.log(
        `${kind.padEnd(18)} ${String(a).padStart(7)} ${String(b).padStart(7)}  ${b ? `${((1 - a / b) * 100).toFixed(1)} %` : "-"}`,
      );
  }
  console.log(`\nper cache (layer), reads saved with the caches on:`);
  for (const [name, hits] of Object.entries(on.saved)) console.log(`  ${name.padEnd(16)} ${hits}`);
  const fewer = 1 - total(on) / total(off);
  console.log(
    `\ntotal: ${total(on)} reads with the caches, ${total(off)} without: ${(fewer * 100).toFixed(1)} % fewer (goal ≥ 80 %: ${fewer >= 0.8 ? "met" : "NOT met"})`,
  );
  console.log(
    `errors: ${on.report.errors} on, ${off.report.errors} off; first: ${on.report.problems.slice(0, 3).join("; ")}`,
  );
} finally {
  await platform.stop();
}
