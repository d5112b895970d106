import * as News from "@bourse/core/news";
import * as Sentiment from "@bourse/core/sentiment";
import * as Ticker from "@bourse/core/ticker";
import { Page } from "@bourse/core/util/page";
import * as Watchlist from "@bourse/core/watchlist";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { badQuery, body, empty, error, internal, json, jsonErrors, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The markets contract: listed tickers, their news, the caller's watchlists (members and guests alike) and their sentiment. */

export const TickersQuery = queryOf(Ticker.SearchInput);
export const NewsQuery = queryOf(Page);

/** The listings change with a deployment only: any cache may keep a ticker answer a while. */
export const TICKER_CACHE = "public, max-age=3600";

export const schemas = {
  Ticker: Ticker.Info,
  Watchlist: Watchlist.Info,
  WatchlistInput: Watchlist.Input,
  WatchlistPatch: Watchlist.Patch,
  WatchlistEvent: Watchlist.Event,
  NewsArticle: News.Info,
  WatchlistSentiment: Sentiment.WatchlistSentiment,
};

const owner = { "401": error("No session: get a guest one from POST /api/auth/anonymous") };
const watchlistPath = z.object({ id: z.string().describe("the watchlist's id") });
const symbolPath = z.object({ symbol: z.string().describe("a ticker symbol, e.g. AAPL") });
const one = z.object({ watchlist: Watchlist.Info });
const noSuchList = error("No such watchlist of the caller's (another owner's id too)");
const refusedTickers = error(
  "Invalid input (validation_failed: name 1–60, 1–5 distinct tickers) or unknown_ticker (details.unknown names them)",
);

export const paths: ZodOpenApiPathsObject = {
  "/api/tickers": {
    get: {
      operationId: "searchTickers",
      summary: "Typeahead over US-listed tickers: exact symbol, then symbol prefix, then name-word prefix",
      requestParams: { query: TickersQuery },
      responses: {
        "200": json("Best matches first", z.object({ items: z.array(Ticker.Info) })),
        "400": error("Invalid query"),
        "500": internal,
      },
    },
  },
  "/api/tickers/{symbol}": {
    get: {
      operationId: "getTicker",
      summary: "One listed ticker by symbol (any case)",
      requestParams: { path: z.object({ symbol: z.string().describe("e.g. AAPL, brk.b") }) },
      responses: {
        "200": json("The ticker", z.object({ ticker: Ticker.Info })),
        "404": error("Not listed (unknown_ticker)"),
        "500": internal,
      },
    },
  },
  "/api/watchlists": {
    get: {
      operationId: "listWatchlists",
      summary: "The caller's active watchlists, oldest first",
      responses: {
        "200": json("At most 2", z.object({ items: z.array(Watchlist.Info) })),
        ...owner,
        "500": internal,
      },
    },
    post: {
      operationId: "createWatchlist",
      summary: `A new watchlist (at most ${Watchlist.MAX_ACTIVE} active, ${Watchlist.MAX_TICKERS} tickers each)`,
      requestBody: body(Watchlist.Input),
      responses: {
        "201": json("The new watchlist", one),
        ...jsonErrors,
        "400": refusedTickers,
        ...owner,
        "409": error("The caller already has 2 active watchlists (watchlist_limit)"),
        "500": internal,
      },
    },
  },
  "/api/watchlists/{id}": {
    get: {
      operationId: "getWatchlist",
      summary: "One of the caller's watchlists",
      requestParams: { path: watchlistPath },
      responses: { "200": json("The watchlist", one), ...owner, "404": noSuchList, "500": internal },
    },
    patch: {
      operationId: "updateWatchlist",
      summary: "Rename and/or change the tickers",
      requestParams: { path: watchlistPath },
      requestBody: body(Watchlist.Patch),
      responses: {
        "200": json("The new state", one),
        ...jsonErrors,
        "400": refusedTickers,
        ...owner,
        "404": noSuchList,
        "409": error("Changed by another request meanwhile (conflict): try again"),
        "500": internal,
      },
    },
    delete: {
      operationId: "deleteWatchlist",
      summary: "Delete (soft: gone from every read, its history kept)",
      requestParams: { path: watchlistPath },
      responses: { "204": empty("Deleted"), ...owner, "404": noSuchList, "500": internal },
    },
  },
  "/api/watchlists/{id}/history": {
    get: {
      operationId: "getWatchlistHistory",
      summary: "Every change of one of the caller's watchlists, oldest first (deleted ones too)",
      requestParams: { path: watchlistPath },
      responses: {
        "200": json("The audit trail", z.object({ items: z.array(Watchlist.Event) })),
        ...owner,
        "404": noSuchList,
        "500": internal,
      },
    },
  },
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
