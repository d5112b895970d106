/**
 * Ticker typeahead benchmark: `Ticker.search` latency over the bundled listings (goal p99 ≤ 20 ms).
 *
 *   pnpm bench:tickers            (or: pnpm exec tsx bench/tickers.ts --rounds 20)
 *
 * In process, no platform (the listings are in memory). Prints the one-off index build, then p50/p99 per
 * query over a mix of what people type: one letter, symbol prefixes, exact symbols, name words, phrases,
 * misses; and next to it a naive linear filter over the same rows, as the baseline the index replaces.
 */
import { parseArgs } from "node:util";
import { placeholderEnv } from "../stacks/local/env";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "20" } } });
const ROUNDS = Number(args.rounds);
Object.assign(process.env, placeholderEnv("bench"));

const { Ticker } = await import("../packages/core/src/ticker");
const QUERIES = [
  "a",
  "s",
  "ap",
  "app",
  "aapl",
  "msft",
  "brk.b",
  "micro",
  "bank",
  "ishares",
  "berkshire hath",
];
QUERIES.push("gold", "tech", "energy", "vanguard total", "qq", "t", "zzzzzz", "semiconductor", "apple inc");

const built = performance.now();
Ticker.search({ q: "warm", limit: 10 });
const buildMs = performance.now() - built;

// The baseline: what a first version without an index would do (scan every row per keystroke).
const rows = Ticker.search({ q: "a", limit: 1 }).length ? await allRows() : [];
async function allRows() {
  const { default: data } = await import("../packages/core/src/ticker/tickers.json");
  return data.rows.split("\n").map((line) => {
    const [symbol = "", name = ""] = line.split("\t");
    return { symbol, name: name.toLowerCase() };
  });
}
const naive = (q: string) => {
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  return rows
    .filter((r) => r.symbol.startsWith(upper) || r.name.split(/[^a-z0-9]+/).some((w) => w.startsWith(lower)))
    .slice(0, 10);
};

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}
function time(run: (q: string) => unknown) {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const q of QUERIES) {
      const start = performance.now();
      run(q);
      samples.push(performance.now() - start);
    }
  return percentiles(samples);
}

const indexed = time((q) => Ticker.search({ q, limit: 10 }));
const linear = time(naive);
const ms = (n: number) => `${n.toFixed(3)} ms`;
console.log(`tickers: ${rows.length} symbols, index built once in ${ms(buildMs)}`);
console.log(`searches: ${ROUNDS * QUERIES.length} (${QUERIES.length} queries x ${ROUNDS})`);
console.log(
  `Ticker.search  p50 ${ms(indexed.p50)}  p99 ${ms(indexed.p99)}  max ${ms(indexed.max)}  (goal p99 <= 20 ms)`,
);
console.log(`linear filter  p50 ${ms(linear.p50)}  p99 ${ms(linear.p99)}  max ${ms(linear.max)}`);
console.log(`ratio p99 linear/indexed: ${(linear.p99 / indexed.p99).toFixed(1)}x`);
