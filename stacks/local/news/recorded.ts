/**
 * The stories the local news servers serve: real headlines (recordings.json, built by
 * scripts/news-recordings.ts) placed in time deterministically per ticker, so the same ticker and window
 * always give the same stories, and new ones appear as the clock moves on. Each of a ticker's headlines
 * comes once per week, at a time fixed by the ticker and the week; some are told by both providers.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

interface Recordings {
  headlines: { title: string; tickers: string[] }[];
  byTicker: Record<string, number[]>;
}

const recordings: Recordings = JSON.parse(
  readFileSync(new URL("./recordings.json", import.meta.url), "utf8"),
);

export interface Story {
  /** Stable per story: a number both providers' `id`s derive from. */
  id: number;
  title: string;
  tickers: string[];
  publishedAt: number;
  publisher: { domain: string; name: string };
  path: string;
  /** Which providers tell it. */
  tiingo: boolean;
  finnhub: boolean;
}

const WEEK = 7 * 86_400_000;
const PUBLISHERS = [
  { domain: "www.reuters.com", name: "Reuters" },
  { domain: "www.marketwatch.com", name: "MarketWatch" },
  { domain: "seekingalpha.com", name: "SeekingAlpha" },
  { domain: "www.benzinga.com", name: "Benzinga" },
  { domain: "finance.yahoo.com", name: "Yahoo" },
  { domain: "www.cnbc.com", name: "CNBC" },
] as const;

function hash(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
}

/** Every symbol with recordings. */
export function recordedTickers(): string[] {
  return Object.keys(recordings.byTicker);
}

/** Whether recordings exist for this symbol (others get no news, as small caps often do). */
export function hasRecordings(symbol: string): boolean {
  return (recordings.byTicker[symbol.toUpperCase()]?.length ?? 0) > 0;
}

/** A symbol's stories published in [from, to] (epoch ms), newest first. */
export function storiesFor(symbol: string, from: number, to: number): Story[] {
  const ticker = symbol.toUpperCase();
  const list = recordings.byTicker[ticker] ?? [];
  if (list.length === 0 || to < from) return [];
  const stories: Story[] = [];
  // Each week, headline k of the ticker is published once, at its own offset into the week.
  for (let week = Math.floor(from / WEEK); week * WEEK <= to; week++) {
    list.forEach((index, k) => {
      const h = hash(`${ticker}:${week}:${k}`);
      // Whole seconds, as both providers send them.
      const publishedAt = week * WEEK + Math.floor((h % WEEK) / 1000) * 1000;
      if (publishedAt < from || publishedAt > to) return;
      const headline = recordings.headlines[index] as Recordings["headlines"][number];
      const id = hash(`${ticker}:${week}:${index}`) % 90_000_000;
      stories.push({
        id,
        title: headline.title,
        tickers: headline.tickers.length ? headline.tickers : [ticker],
        publishedAt,
        publisher: PUBLISHERS[h % PUBLISHERS.length] as Story["publisher"],
        path: `/markets/${slug(headline.title)}-${id.toString(36)}`,
        tiingo: h % 4 !== 3,
        finnhub: h % 4 !== 0,
      });
    });
  }
  return stories.sort((a, b) => b.publishedAt - a.publishedAt);
}

/** `YYYY-MM-DD` as the start of that UTC day, or null when it is not such a date. */
export function dayStart(value: string | null): number | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(at) ? null : at;
}
