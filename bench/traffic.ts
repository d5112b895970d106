/**
 * The traffic generator against the local stack (`pnpm dev` first):
 *
 *   pnpm traffic [--minutes N] [--rps N] [--requests N] [--url http://127.0.0.1:3000]
 *
 * Loopback only, bounded in requests and time; prints live progress, then throughput, latency
 * p50/p95/p99 and errors per kind.
 */
import { parseArgs } from "node:util";
import { format, runTraffic } from "./traffic/generator";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "1" },
    rps: { type: "string", default: "10" },
    requests: { type: "string" },
    url: { type: "string", default: process.env.BOURSE_PUBLIC_URL ?? "http://127.0.0.1:3000" },
    seed: { type: "string", default: "1" },
  },
});

const report = await runTraffic({
  baseUrl: args.url,
  minutes: Number(args.minutes),
  rps: Number(args.rps),
  requests: args.requests === undefined ? undefined : Number(args.requests),
  seed: Number(args.seed),
  onProgress: (r) =>
    process.stderr.write(
      `\r${(r.elapsedMs / 1000).toFixed(0)} s: ${r.requests} requests, ${r.throughput.toFixed(1)} req/s, p95 ${r.p95} ms, ${r.errors} errors   `,
    ),
});
process.stderr.write("\n");
console.log(format(report));
