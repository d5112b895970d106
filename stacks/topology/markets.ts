/**
 * Markets: news ingestion every 5 minutes from Tiingo and Finnhub (keys as secrets; base URLs from
 * BOURSE_TIINGO_URL / BOURSE_FINNHUB_URL, the real APIs by default), and sentiment scoring driven by an
 * article's INSERT (or a MODIFY that links it to more tickers).
 */
import { entityFilter } from "./filter";
import type { Cron } from "./functions";
import { subscriber } from "./subscriber";

/** Bookkeeping: ingestion runs, headline guards, hourly sentiment aggregates. */
export const operationalEntities = [
  "newsRun",
  "articleHeadline",
  "sentimentHour",
  "alertTarget",
  "alertFiring",
  "alertUnsubscribe",
  "alertQuota",
] as const;

/** Where the providers are; unset on AWS (the real APIs), set by the local platform to its servers. */
export const providerEnvironment = ["BOURSE_TIINGO_URL", "BOURSE_FINNHUB_URL"] as const;

export const crons = [
  {
    name: "News",
    handler: "packages/functions/src/cron/news.handler",
    schedule: "rate(5 minutes)",
    environment: providerEnvironment,
  },
] as const satisfies readonly Cron[];

export const subscribers = [
  subscriber({
    name: "SentimentScorer",
    handler: "packages/functions/src/streams/sentiment-scorer.handler",
    filters: entityFilter("article", ["INSERT", "MODIFY"]),
    batchSize: 25,
  }),
  // Alert rules: new scores fire them (Alert.evaluate); a watchlist's change moves its rules' symbols.
  subscriber({
    name: "AlertEvaluator",
    handler: "packages/functions/src/streams/alert-evaluator.handler",
    environment: ["BOURSE_PUBLIC_URL", "BOURSE_MAIL_PROVIDER"],
    filters: [...entityFilter("articleScore", ["INSERT"]), ...entityFilter("watchlist", ["MODIFY"])],
    batchSize: 25,
  }),
] as const;

/** TiingoApiKey and FinnhubApiKey: the news providers' keys (`sst secret set`). */
export const secrets = ["TiingoApiKey", "FinnhubApiKey"] as const;
