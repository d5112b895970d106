/**
 * Price-data pipeline benchmark, in one run:
 *
 *   pnpm bench:pipeline     (or: pnpm exec tsx bench/pipeline.ts --rounds 5 --big 20)
 *
 *   1. rows validated + analysed per second (core's parser, the row rules, grouping, metrics and aggregates:
 *      everything the ingestor and the Analyzer compute, without the storage) on the 12 shared files, as
 *      Twelve Data JSON and as CSV, next to bare `JSON.parse` rows per second of the same JSON text, as a
 *      ratio (goal ≥ 0.3×);
 *   2. end to end on the local platform: presigned POST of the 12 files as one batch → ingested → analysed →
 *      report delivered by the local SES, in seconds; then the same for a file of about 20 MB (the upload
 *      limit), with the process's peak RSS growth.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { type Candle, compute } from "../packages/core/src/price-data/metrics";
import { rowsOf } from "../packages/core/src/price-data/parse";
import { Validator } from "../packages/core/src/price-data/row";
import { startPlatform } from "../stacks/local/platform";

const { values: args } = parseArgs({
  options: { rounds: { type: "string", default: "10" }, big: { type: "string", default: "20" } },
});
const ROUNDS = Number(args.rounds);

// The 12 shared files (stacks/local/demo/ohlcv), and as one batch for the end-to-end run.
const folder = new URL("../stacks/local/demo/ohlcv/", import.meta.url);
const texts = readdirSync(folder)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => readFileSync(new URL(name, folder), "utf8"));

type Doc = { meta: { symbol: string }; values: Record<string, string>[] };
const docs = texts.map((text) => JSON.parse(text) as Doc);
const files = docs.map((d) => JSON.stringify(d));
const batch = JSON.stringify(Object.fromEntries(docs.map((d) => [d.meta.symbol, d])));
const csvs = docs.map(
  (d) =>
    `Date,Open,High,Low,Close,Volume\n${[...d.values]
      .reverse()
      .map((v) => `${v.datetime},${v.open},${v.high},${v.low},${v.close},${v.volume}`)
      .join("\n")}\n`,
);
const ROWS = docs.reduce((n, d) => n + d.values.length, 0);

/** The fastest of ROUNDS runs of each, the runs interleaved (a busy machine slows all alike). */
async function fastest(runs: (() => unknown)[]): Promise<number[]> {
  const best = runs.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < ROUNDS; round++)
    for (const [i, run] of runs.entries()) {
      const t = performance.now();
      await run();
      best[i] = Math.min(best[i] as number, performance.now() - t);
    }
  return best.map((ms) => ms / 1000);
}

/** What the pipeline computes for one file's text, start to end (no storage). */
async function pipeline(text: string, format: "json" | "csv", filename: string): Promise<number> {
  const validator = new Validator("2026-12-01");
  const bySymbol = new Map<string, Candle[]>();
  let rows = 0;
  for await (const batch of rowsOf(Readable.from([Buffer.from(text)]), format, filename))
    for (const { raw } of batch) {
      rows++;
      const outcome = validator.check(raw);
      if (!("valid" in outcome)) continue;
      const v = outcome.valid;
      let list = bySymbol.get(v.symbol);
      if (!list) {
        list = [];
        bySymbol.set(v.symbol, list);
      }
      list.push({
        time: v.datetime,
        open: v.open,
        high: v.high,
        low: v.low,
        close: v.close,
        volume: v.volume,
      });
    }
  for (const list of bySymbol.values()) list.sort((a, b) => (a.time < b.time ? -1 : 1));
  compute(bySymbol);
  return rows;
}

const [parseOnly, oursJson, oursCsv] = (await fastest([
  () => files.reduce((n, f) => n + (JSON.parse(f) as Doc).values.length, 0),
  async () => {
    for (const [i, f] of files.entries()) await pipeline(f, "json", `${docs[i]?.meta.symbol}.json`);
  },
  async () => {
    for (const [i, f] of csvs.entries()) await pipeline(f, "csv", `${docs[i]?.meta.symbol}.csv`);
  },
])) as [number, number, number];
const rate = (s: number) => Math.round(ROWS / s);
console.log(`1. ${ROWS} rows in 12 files, best of ${ROUNDS}:`);
console.log(
  `   JSON.parse only                      ${rate(parseOnly).toLocaleString("en-US").padStart(12)} rows/s`,
);
console.log(
  `   validated + analysed, Twelve Data    ${rate(oursJson).toLocaleString("en-US").padStart(12)} rows/s   ${(parseOnly / oursJson).toFixed(2)}× JSON.parse (goal ≥ 0.3×)`,
);
console.log(
  `   validated + analysed, CSV            ${rate(oursCsv).toLocaleString("en-US").padStart(12)} rows/s   ${(parseOnly / oursCsv).toFixed(2)}× JSON.parse`,
);

// 2. End to end on the platform (started only now: its pollers would have shared the CPU with part 1).
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
try {
  const { User } = await import("../packages/core/src/user");
  const { Actor } = await import("../packages/core/src/actor");
  const { PriceRun } = await import("../packages/core/src/price-data");
  const email = `bench.${Date.now()}@example.com`;
  const user = await User.createMember({
    email,
    handle: `bench_${Date.now() % 1e9}`,
    displayName: "Bench",
    passwordHash: "x",
  });
  const actor = { type: "user", properties: { userID: user.id, sessionID: "bench" } } as const;

  async function endToEnd(filename: string, body: string) {
    const started = performance.now();
    const created = await Actor.provide(actor, () =>
      PriceRun.create({ filename, contentType: "application/json", size: Buffer.byteLength(body) }),
    );
    const form = new FormData();
    for (const [name, value] of Object.entries(created.upload.fields)) form.append(name, value);
    form.append("file", new Blob([body]), filename);
    const sent = await fetch(created.upload.url, { method: "POST", body: form });
    if (sent.status !== 204) throw new Error(`upload refused: ${sent.status}`);
    const uploaded = performance.now();
    while (!platform.outbox.list().some((m) => m.Subject?.includes(filename))) {
      if (performance.now() - started > 600_000) throw new Error("no report after 10 minutes");
      await new Promise((r) => setTimeout(r, 20));
    }
    const run = await Actor.provide(actor, () => PriceRun.get(created.run.id));
    return { total: (performance.now() - started) / 1000, upload: (uploaded - started) / 1000, run };
  }

  const rssBefore = process.memoryUsage().rss;
  const small = await endToEnd("twelve.json", batch);
  console.log(
    `2. upload → email, 12 files as one batch (${(batch.length / 1e6).toFixed(1)} MB, ${small.run.counts?.rows} rows, ${small.run.status}): ` +
      `${small.total.toFixed(2)} s (upload ${small.upload.toFixed(2)} s; ingest ${((small.run.timings.ingested ?? 0) - (small.run.timings.ingestStarted ?? 0)) / 1000} s, analysis ${((small.run.timings.analysed ?? 0) - (small.run.timings.ingested ?? 0)) / 1000} s)`,
  );

  // About `big` MB: the 12 series repeated under other symbols.
  const target = Number(args.big) * 1e6 * 0.97;
  const big: Record<string, Doc> = {};
  for (let copy = 0; JSON.stringify(big).length < target; copy++)
    for (const d of docs)
      big[`${d.meta.symbol}${copy}`] = { ...d, meta: { ...d.meta, symbol: `${d.meta.symbol}${copy}` } };
  const bigBody = JSON.stringify(big);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const large = await endToEnd("large.json", bigBody);
  clearInterval(sampler);
  console.log(
    `   upload → email, ${(bigBody.length / 1e6).toFixed(1)} MB batch (${large.run.counts?.rows} rows, ${Object.keys(big).length} symbols, ${large.run.status}): ` +
      `${large.total.toFixed(2)} s; peak RSS +${((peak - rssBefore) / 1e6).toFixed(0)} MB over the run (platform, file text and handlers in one process)`,
  );
} finally {
  await platform.stop();
}
