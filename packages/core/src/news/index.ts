export * as News from "./index";

import type { EntityItem } from "electrodb";
import * as z from "zod";
import type { Change } from "../dynamo";
import * as Ticker from "../ticker";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { Page, paged } from "../util/page";
import { articles, articleTickers, newsRuns } from "./entities";
import { type IngestOptions, ingest as ingestRun, type ProviderStats, type RunReport } from "./ingest";
import { PROVIDERS } from "./providers/provider";

/**
 * Market news: stories fetched every few minutes from Tiingo and Finnhub for the watched tickers, stored
 * once each, listed per ticker newest first, kept 30 days. Sentiment scores them (`Sentiment`).
 */

export { canonicalUrl, normalHeadline } from "./canonical";
export { KEEP_DAYS } from "./ingest";
export { PROVIDERS, ProviderError, type ProviderName } from "./providers/provider";
export type { IngestOptions, ProviderStats, RunReport };

/** A story under a ticker, as lists show it. */
export const Info = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().describe("the story at its publisher (or the provider's link to it)"),
  source: z.string(),
  publishedAt: z.number().describe("epoch milliseconds"),
});
export type Info = z.infer<typeof Info>;

/** A stored story with everything scoring needs. */
export const Article = Info.extend({
  description: z.string(),
  tickers: z.array(z.string()),
});
export type Article = z.infer<typeof Article>;

const Stats = z.object({
  calls: z.number(),
  failures: z.number(),
  fetched: z.number(),
  stored: z.number(),
  duplicates: z.number(),
  skipped: z.number().describe("malformed items or answers, not stored"),
  errors: z.array(z.string()),
  notCalled: z
    .object({ breaker_open: z.number(), quota: z.number(), deadline: z.number() })
    .default({ breaker_open: 0, quota: 0, deadline: 0 })
    .describe("calls not made: the breaker was open, the quota used up, or the deadline near"),
}) satisfies z.ZodType<ProviderStats>;

export const Run = z.object({
  id: z.string(),
  ranAt: z.number().describe("epoch milliseconds"),
  symbols: z.number(),
  stored: z.number(),
  status: z
    .enum(["ok", "degraded", "skipped"])
    .default("ok")
    .describe("skipped: no provider could be called (both breakers open, quotas used up)"),
  providers: z.object(
    Object.fromEntries(PROVIDERS.map((p) => [p, Stats])) as Record<(typeof PROVIDERS)[number], typeof Stats>,
  ),
  durationMs: z.number(),
}) satisfies z.ZodType<RunReport>;
export type Run = z.infer<typeof Run>;

/** Fetches and stores the news of these symbols (the cron passes the watched ones); records the run. */
export function ingest(symbols: string[], now: Clock = systemClock, options: IngestOptions = {}) {
  return ingestRun(symbols, now, options);
}

export const ListInput = z.object({ symbol: Ticker.SymbolInput, page: Page.optional() });

const parseList = /* @__PURE__ */ fn(ListInput, (valid) => valid);

/** A listed ticker's stories, newest first, a page at a time; an unlisted symbol is `unknown_ticker`. */
export async function list(symbol: string, page?: Page): Promise<{ items: Info[]; cursor: string | null }> {
  const input = parseList({ symbol, page });
  Ticker.known(input.symbol);
  const result = await paged(input.page, ({ limit, cursor }) =>
    articleTickers.query.primary({ symbol: input.symbol }).go({ order: "desc", limit, cursor }),
  );
  return { items: result.data.map(infoOf), cursor: encodeCursor(result.cursor) };
}

/** A story as lists show it, from any item that repeats it under a ticker (links, scores). */
export function infoOf(
  item: Pick<EntityItem<typeof articleTickers>, "articleID" | "title" | "url" | "source" | "publishedAt">,
): Info {
  return {
    id: item.articleID,
    title: item.title,
    url: item.url,
    source: item.source,
    publishedAt: item.publishedAt,
  };
}

/** The newest run, or null before the first. */
export async function lastRun(): Promise<Run | null> {
  const item = (await newsRuns.query.primary({}).go({ order: "desc", limit: 1 })).data[0];
  return item ? Run.parse({ ...item, id: item.runID }) : null;
}

/**
 * Since when news is stale: null while the newest run could call a provider; else when the newest run
 * that could was (or the oldest of the last runs read, when none of them could).
 */
export async function staleSince(): Promise<number | null> {
  return staleSinceOf((await newsRuns.query.primary({}).go({ order: "desc", limit: 50 })).data);
}

/** The rule of `staleSince` over runs newest first. */
export function staleSinceOf(
  runs: { status?: string | null; ranAt: number; durationMs: number }[],
): number | null {
  if (runs[0]?.status !== "skipped") return null;
  const fresh = runs.find((r) => r.status !== "skipped");
  return fresh ? fresh.ranAt + fresh.durationMs : (runs.at(-1)?.ranAt ?? null);
}

/**
 * What an article stream record asks of scoring: the story and the tickers it newly has (all of them on
 * INSERT, the added ones on a MODIFY). Anything else → undefined.
 */
export function changedArticle(change: Change): { article: Article; tickers: string[] } | undefined {
  if (change.entity !== articles.schema.model.entity || !change.newImage) return undefined;
  const item = articles.parse({ Item: change.newImage }).data;
  if (!item) return undefined;
  const before = new Set(
    change.eventName === "MODIFY" && change.oldImage
      ? (articles.parse({ Item: change.oldImage }).data?.tickers ?? [])
      : [],
  );
  return {
    article: {
      id: item.articleID,
      title: item.title,
      url: item.url,
      source: item.source,
      publishedAt: item.publishedAt,
      description: item.description ?? "",
      tickers: item.tickers,
    },
    tickers: item.tickers.filter((t) => !before.has(t)),
  };
}
