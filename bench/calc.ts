/**
 * Calc benchmark: throughput and latency of a stored calculation, served three ways on loopback, each
 * next to the same bare baseline, at the same concurrency.
 *
 *   pnpm bench:calc            (or: pnpm exec tsx bench/calc.ts --connections 50 --duration 10)
 *
 * Starts an in-memory local platform, signs a member up, then drives with autocannon (POST, 50
 * connections by default, a bearer token, `{ operation: "add", operands: ["0.1", "0.2", "1.5"] }`):
 *   - bare: a `node:http` server in this process doing the same calculation (core's arithmetic) and the
 *     same PutItem (the calculation's item) on the same DynamoDB Local, nothing else;
 *   - the Calc function URL as the local platform serves it (payload 2.0 events, the real handler:
 *     token check, validation, arithmetic, the write, metrics);
 *   - /api/calc on the web app's production server (`next start`; `next build` first unless the last
 *     build is of the same sources).
 * Prints requests/s and p50/p99 of each, and the ratios to the bare server measured just before it.
 * Goal: the function URL at ≥ 0.8× the bare server's throughput, with p99 < 50 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { freePort } from "../stacks/local/free-port";
import { startPlatform } from "../stacks/local/platform";
import { fingerprint, markBuilt, upToDate } from "../stacks/local/web-build";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "10" },
    "skip-web": { type: "boolean", default: false },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WEB = join(ROOT, "packages", "web");
const BODY = JSON.stringify({ operation: "add", operands: ["0.1", "0.2", "1.5"] });

process.env.BOURSE_RATE_LIMITS = "off";
process.env.BOURSE_PUBLIC_URL ||= "http://localhost:3000";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
const children: ChildProcess[] = [];
const servers: Server[] = [];
try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Auth } = await import("../packages/core/src/auth");
  const { evaluate, textOf } = await import("../packages/core/src/calc/arithmetic");
  const { client, tableName } = await import("../packages/core/src/dynamo");
  const { PutItemCommand } = await import("@aws-sdk/client-dynamodb");

  const tag = Date.now().toString(36);
  const tokens = await Auth.signup(
    {
      email: `bench.${tag}@example.com`,
      password: "correct horse battery staple",
      handle: `bench_${tag}`,
      displayName: "Bench",
    },
    { ip: "198.51.100.7" },
  );
  const headers = { "content-type": "application/json", authorization: `Bearer ${tokens.accessToken}` };

  // The baseline: parse, the same arithmetic, the same item written with one PutItem, the JSON answer.
  const bare = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const result = evaluate(input.operation, input.operands);
    const now = Date.now();
    const id = randomUUID(); // a ULID costs the same; ulid is no dependency of the root
    const operands = input.operands.map(textOf);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `$bourse#ownerid_bench` },
          sk: { S: `$calculation_1#calcid_${id}` },
          ownerID: { S: "bench" },
          calcID: { S: id },
          operation: { S: input.operation },
          operands: { L: operands.map((o: string) => ({ S: o })) },
          result: { S: result },
          createdAt: { N: String(now) },
          expiresAt: { N: String(Math.floor(now / 1000) + 30 * 86_400) },
          __edb_e__: { S: "calculation" },
          __edb_v__: { S: "1" },
        },
      }),
    );
    const body = JSON.stringify({ id, operation: input.operation, operands, result, createdAt: now });
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
  bare.keepAliveTimeout = 60_000;
  servers.push(bare);
  await new Promise<void>((done) => bare.listen(0, "127.0.0.1", done));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  const functionUrl = `${platform.functionUrls.CalcApi}/`;

  const rows: { name: string; rps: number; p50: number; p99: number; non2xx: number; errors: number }[] = [];
  const run = async (name: string, url: string) => {
    await load(url, headers, 2); // warm-up: JIT, connections, the SDK's sockets
    const r = await load(url, headers, DURATION);
    const row = {
      name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors,
    };
    rows.push(row);
    console.log(
      `${name.padEnd(34)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms` +
        (row.non2xx || row.errors ? `  (non-2xx ${row.non2xx}, errors ${row.errors})` : ""),
    );
    return row;
  };

  console.log(
    `calc bench: ${CONNECTIONS} connections, ${DURATION} s each, loopback, Node ${process.version}\n`,
  );
  const bare1 = await run("bare node:http + PutItem", bareUrl);
  const fn = await run("Calc function URL (local)", functionUrl);
  const ratio = fn.rps / bare1.rps;
  console.log(
    `  → function URL / bare: ${ratio.toFixed(2)}× throughput, p99 ${fn.p99} ms ` +
      `(goal ≥ 0.80×, p99 < 50 ms: ${ratio >= 0.8 && fn.p99 < 50 ? "met" : "NOT met"})\n`,
  );

  if (!args["skip-web"]) {
    const port = await freePort();
    await buildWeb();
    const web = spawn(
      "node_modules/.bin/next",
      ["start", "--hostname", "127.0.0.1", "--port", String(port)],
      {
        cwd: WEB,
        env: { ...process.env, ...platform.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    children.push(web);
    const webUrl = `http://127.0.0.1:${port}/api/calc`;
    for (
      let i = 0;
      i < 240 &&
      !(await fetch(`http://127.0.0.1:${port}/api/health`).then(
        () => true,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 250));
    const bare2 = await run("bare node:http + PutItem (again)", bareUrl);
    const webRow = await run("web /api/calc (next start)", webUrl);
    console.log(`  → web / bare: ${(webRow.rps / bare2.rps).toFixed(2)}× throughput, p99 ${webRow.p99} ms\n`);
  }
  const failed = rows.filter((r) => r.non2xx || r.errors);
  if (failed.length) throw new Error(`non-2xx answers or errors in: ${failed.map((r) => r.name).join(", ")}`);
} finally {
  for (const child of children) child.kill("SIGTERM");
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  await platform.stop();
}

function load(url: string, headers: Record<string, string>, duration: number) {
  return autocannon({ url, method: "POST", headers, body: BODY, connections: CONNECTIONS, duration });
}

async function buildWeb() {
  if (upToDate(ROOT, WEB)) return;
  console.log("web: next build… (the production server's build is stale)");
  const sources = fingerprint(ROOT);
  const build = spawn("node_modules/.bin/next", ["build"], {
    cwd: WEB,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((done) => build.once("exit", done));
  if (code !== 0) throw new Error(`next build failed (${code})`);
  markBuilt(WEB, sources);
}
