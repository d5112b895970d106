/**
 * The traffic generator against the local stack (`pnpm dev` first):
 *
 *   pnpm traffic [--minutes N] [--rps N] [--requests N] [--visitors N] [--url http://localhost:3000]
 *
 * Loopback only, bounded in requests and time; prints live progress, then throughput, latency
 * p50/p95/p99 and errors per kind. The same generator runs behind the status page's button.
 */
import { parseArgs } from "node:util";
import { format, runTraffic } from "../packages/web/src/server/traffic/generator";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "1" },
    rps: { type: "string", default: "10" },
    requests: { type: "string" },
    visitors: { type: "string" },
    url: { type: "string", default: process.env.BOURSE_PUBLIC_URL ?? "http://localhost:3000" },
    seed: { type: "string", default: "1" },
  },
});
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));

const stop = new AbortController();
process.once("SIGINT", () => stop.abort());
const report = await runTraffic({
  baseUrl: args.url,
  minutes: Number(args.minutes),
  rps: Number(args.rps),
  requests: number(args.requests),
  visitors: number(args.visitors),
  seed: Number(args.seed),
  signal: stop.signal,
  onProgress: (r) =>
    process.stderr.write(
      `\r${(r.elapsedMs / 1000).toFixed(0)} s: ${r.requests} requests, ${r.throughput.toFixed(1)} req/s, ` +
        `p95 ${r.p95} ms, ${r.errors} errors, ${r.visitors.active} visitors   `,
    ),
});
process.stderr.write("\n");
console.log(format(report));
