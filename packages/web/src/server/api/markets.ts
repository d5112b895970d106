import { News } from "@bourse/core/news";
import { Sentiment } from "@bourse/core/sentiment";
import { Page } from "@bourse/core/util/page";
import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { badQuery, error, internal, json, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The markets contract: news per ticker and sentiment per watchlist. */

export const NewsQuery = queryOf(Page);

export const schemas = {
  NewsArticle: News.Info,
  TickerSentiment: Sentiment.TickerSentiment,
  WatchlistSentiment: Sentiment.WatchlistSentiment,
};

const symbolPath = z.object({ symbol: z.string().describe("a ticker symbol, e.g. AAPL") });
const watchlistPath = z.object({ id: z.string().describe("the watchlist's id") });

export const paths: ZodOpenApiPathsObject = {
  "/api/tickers/{symbol}/news": {
    get: pagedGet({
      operationId: "listTickerNews",
      summary: "A ticker's news, newest first (anyone)",
      path: symbolPath,
      query: NewsQuery,
      answer: "A page of stories",
      page: pageOf(News.Info),
    }),
  },
  "/api/watchlists/{id}/sentiment": {
    get: {
      operationId: "getWatchlistSentiment",
      summary: "Sentiment per ticker of one of your watchlists, and when news was last ingested",
      description:
        "Per ticker: the last hour, day and week (mean score in [-1, 1], its label, articles), the trend (day vs week), the week's hourly series and the latest 10 scored headlines. Served from a 5-minute cache per instance that a new ingestion run refreshes.",
      requestParams: { path: watchlistPath },
      responses: {
        "200": json("The watchlist's sentiment", Sentiment.WatchlistSentiment),
        ...badQuery,
        "401": error("No session (not even a guest's)"),
        "404": error("No such watchlist of yours"),
        "500": internal,
      },
    },
  },
};
