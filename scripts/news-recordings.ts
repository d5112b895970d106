/**
 * Builds the local news servers' recordings (stacks/local/news/recordings.json) from the real financial
 * headlines of the Twitter Financial News Sentiment set (../shared/data/tfns, MIT; see its PROVENANCE):
 * each headline with its cashtags as tickers, links and cashtag prefixes taken out. Labels are dropped:
 * the servers serve news, not answers.
 *
 *   pnpm exec tsx scripts/news-recordings.ts [--from ../shared/data/tfns]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Papa from "papaparse";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: { from: { type: "string", default: resolve(root, "../shared/data/tfns") } },
});
const from = values.from as string;
const out = join(root, "stacks/local/news/recordings.json");

/** Per ticker at most this many headlines, to stay small. */
const PER_TICKER = 60;

const CASHTAG = /\$([A-Z][A-Z.]{0,5})\b/g;

interface Recording {
  title: string;
  tickers: string[];
}

const headlines: Recording[] = [];
const seen = new Set<string>();
for (const file of ["sent_train.csv", "sent_valid.csv"]) {
  const rows = Papa.parse<{ text: string }>(readFileSync(join(from, file), "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
  for (const { text } of rows) {
    const tickers = [...new Set([...text.matchAll(CASHTAG)].map((m) => m[1] as string))];
    const title = text
      .replace(/https?:\/\/\S+/g, "")
      // "$AAPL $MSFT - Apple ..." / "$ESS: BTIG ..." → the headline itself.
      .replace(/^(\s*\$[A-Z][A-Z.]{0,5}\b[\s,]*)+[-:–]?\s*/, "")
      .replace(/\s+/g, " ")
      .trim();
    if (title.length < 20 || title.length > 240 || seen.has(title.toLowerCase())) continue;
    seen.add(title.toLowerCase());
    headlines.push({ title, tickers });
  }
}

const byTicker: Record<string, number[]> = {};
headlines.forEach((h, i) => {
  for (const t of h.tickers) {
    const list = byTicker[t] ?? [];
    byTicker[t] = list;
    if (list.length < PER_TICKER) list.push(i);
  }
});
const used = new Set(Object.values(byTicker).flat());
const kept = headlines.map((h, i) => (used.has(i) ? h : null));
// Renumber so only what is used is written.
const index = new Map<number, number>();
const recordings: Recording[] = [];
kept.forEach((h, i) => {
  if (!h) return;
  index.set(i, recordings.length);
  recordings.push(h);
});
const remap = (list: number[]) => list.map((i) => index.get(i) as number);
const data = {
  source:
    "Twitter Financial News Sentiment (zeroshot/twitter-financial-news-sentiment), MIT; see scripts/news-recordings.ts",
  headlines: recordings,
  byTicker: Object.fromEntries(
    Object.entries(byTicker)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([t, list]) => [t, remap(list)]),
  ),
};
writeFileSync(out, `${JSON.stringify(data)}\n`);
console.log(`${recordings.length} headlines, ${Object.keys(byTicker).length} tickers → ${out}`);
