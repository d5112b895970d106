export * as Sentiment from "./index";

import type { EntityItem } from "electrodb";
import * as z from "zod";
import { ttl } from "../dynamo";
import { action, transact } from "../dynamo/transaction";
import * as News from "../news";
import * as Ticker from "../ticker";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import * as Watchlist from "../watchlist";
import { HourPoint, hourOf, Label, seriesOf, Trend, trendOf, Window, windowOf } from "./aggregate";
import { articleScores, sentimentHours } from "./entities";
import * as SentimentModel from "./model";

/**
 * Sentiment per ticker: each article scored once per ticker by the offline model (`SentimentModel`), folded
 * into hourly aggregates, read as the last hour, day and week with a trend, through a 5-minute cache.
 */

export { HOUR_MS, LABEL_THRESHOLD, Label, labelOf, TREND_THRESHOLD } from "./aggregate";

/** Scores and aggregates outlive the articles a little: a week's chart never has a hole at its start. */
const KEEP_DAYS = News.KEEP_DAYS + 7;
/** Windows in whole hours (the current one included): the last hour is this hour and the one before. */
const WINDOWS = { hour: 2, day: 24, week: 7 * 24 } as const;
const LATEST = 10;

export const Scored = News.Info.extend({ label: Label, score: z.number() });
export type Scored = z.infer<typeof Scored>;

export const TickerSentiment = z.object({
  symbol: z.string(),
  name: z.string(),
  hour: Window.describe("this hour and the one before"),
  day: Window.describe("the last 24 hours"),
  week: Window.describe("the last 7 days"),
  trend: Trend,
  series: z.array(HourPoint).describe("the week's hours with articles, oldest first (the chart)"),
  articles: z.array(Scored).describe(`the latest ${LATEST} scored headlines, newest first`),
});
export type TickerSentiment = z.infer<typeof TickerSentiment>;

export const WatchlistSentiment = z.object({
  watchlist: z.object({ id: z.string(), name: z.string() }),
  lastIngestedAt: z
    .number()
    .nullable()
    .describe("when news was last ingested (epoch ms); null before the first run"),
  newsStaleSince: z
    .number()
    .nullable()
    .describe("set while ingestion is skipped (both providers unavailable): since when news is stale"),
  nextIngestBy: z.number().describe("when the next ingestion run is due at the latest (epoch ms)"),
  tickers: z.array(TickerSentiment),
});
export type WatchlistSentiment = z.infer<typeof WatchlistSentiment>;

/**
 * Scores an article for the tickers it newly has (the scorer's stream record). Each (ticker, article) is a
 * conditional create and its hour's ADDs in one transaction: replayed, the create fails and nothing is
 * added twice. Returns how many were recorded now.
 */
export async function record(
  article: News.Article,
  tickers: string[],
  now: Clock = systemClock,
): Promise<number> {
  if (tickers.length === 0) return 0;
  const text = article.description ? `${article.title}. ${article.description}` : article.title;
  const { label, score } = SentimentModel.score(text);
  const at = now();
  const expiresAt = ttl(at, KEEP_DAYS);
  let recorded = 0;
  for (const symbol of tickers) {
    const outcome = await transact([
      action(
        articleScores.create({
          symbol,
          publishedAt: article.publishedAt,
          articleID: article.id,
          title: article.title,
          url: article.url,
          source: article.source,
          label,
          score,
          scoredAt: at.getTime(),
          expiresAt,
        }),
      ),
      action(
        sentimentHours
          .update({ symbol, hour: hourOf(article.publishedAt) })
          .add({ sum: score, count: 1, [label]: 1 })
          .set({ expiresAt }),
      ),
    ]);
    if (outcome.ok) recorded++;
    else if (outcome.codes[0] !== "ConditionalCheckFailed")
      throw new Error(`score transaction cancelled: ${outcome.codes.join(", ")}`);
  }
  return recorded;
}

/**
 * Per instance, for 5 minutes, keyed by symbol and the last ingestion run: a new run (new news) is a new key.
 * The last run is itself read at most every 15 seconds, so a run shows within seconds.
 */
const cache = new TtlCache<Omit<TickerSentiment, "name">>("sentiment", 5 * 60_000);
const lastRunCache = new TtlCache<News.Run | null>("news-last-run", 15_000);

function scoredOf(item: EntityItem<typeof articleScores>): Scored {
  return { ...News.infoOf(item), label: item.label, score: item.score };
}

async function load(symbol: string, now: number): Promise<Omit<TickerSentiment, "name">> {
  const since = hourOf(now) - WINDOWS.week + 1;
  const [hours, latest] = await Promise.all([
    sentimentHours.query.primary({ symbol }).gte({ hour: since }).go({ pages: "all" }),
    articleScores.query.primary({ symbol }).go({ order: "desc", limit: LATEST }),
  ]);
  const rows = hours.data;
  const day = windowOf(rows, now, WINDOWS.day);
  const week = windowOf(rows, now, WINDOWS.week);
  return {
    symbol,
    hour: windowOf(rows, now, WINDOWS.hour),
    day,
    week,
    trend: trendOf(day, week),
    series: seriesOf(rows, now),
    articles: latest.data.map(scoredOf),
  };
}

/** Scoring follows a run by seconds; until this long after it ends, cached answers live 10 s only. */
const SETTLE_MS = 2 * 60_000;

/**
 * What a cached answer was read against: the last run, and while its articles may still be being scored,
 * the current 10-second slot (so a half-scored answer is not kept for 5 minutes).
 */
function versionOf(run: News.Run | null, now: Clock): string {
  const at = now().getTime();
  const slot = Math.floor(at / 10_000);
  if (!run) return `none:${slot}`;
  return at < run.ranAt + run.durationMs + SETTLE_MS ? `${run.id}:${slot}` : run.id;
}

function lastRun(now: Clock): Promise<News.Run | null> {
  return lastRunCache.get("last", () => News.lastRun(), now);
}

async function tickerSentiment(symbol: string, version: string, now: Clock): Promise<TickerSentiment> {
  const ticker = Ticker.get(symbol);
  // "No news" is kept like any answer: news only comes with a run, and a run is a new key. Before any
  // run has been seen, the key is the 10 s slot of "no run", so the first run's news is not hidden.
  const value = await cache.get(`${symbol}@${version}`, () => load(symbol, now().getTime()), now);
  return { ...value, name: ticker?.name ?? symbol };
}

const parseSymbol = /* @__PURE__ */ fn(Ticker.SymbolInput, (valid) => valid);

/** One listed ticker's sentiment (any caller: it is public market data). */
export async function forTicker(symbol: string, now: Clock = systemClock): Promise<TickerSentiment> {
  const valid = Ticker.known(parseSymbol(symbol)).symbol;
  const run = await lastRun(now);
  return tickerSentiment(valid, versionOf(run, now), now);
}

/** The sentiment of each ticker of a watchlist, for its owner (others: not found), and when news came. */
export async function forWatchlist(id: string, now: Clock = systemClock): Promise<WatchlistSentiment> {
  const watchlist = await Watchlist.get(id);
  const run = await lastRun(now);
  const version = versionOf(run, now);
  const tickers = await Promise.all(watchlist.tickers.map((symbol) => tickerSentiment(symbol, version, now)));
  const cadence = 5 * 60_000;
  return {
    watchlist: { id: watchlist.id, name: watchlist.name },
    lastIngestedAt: run?.ranAt ?? null,
    newsStaleSince: run?.status === "skipped" ? await News.staleSince() : null,
    nextIngestBy: (run ? run.ranAt : now().getTime()) + cadence,
    tickers,
  };
}

/**
 * A symbol's windows as they are now, read fresh (no cache): what alert rules are evaluated against right
 * after a score is recorded. `thisHour` counts the articles published in the current clock hour.
 */
export async function current(symbol: string, now: Clock = systemClock) {
  const at = now().getTime();
  const rows = (
    await sentimentHours.query
      .primary({ symbol })
      .gte({ hour: hourOf(at) - WINDOWS.day + 1 })
      .go({ pages: "all", consistent: true })
  ).data;
  return {
    hour: windowOf(rows, at, WINDOWS.hour),
    day: windowOf(rows, at, WINDOWS.day),
    thisHour: windowOf(rows, at, 1).articles,
  };
}
