import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * A news story, stored once whichever providers told it, keyed by the digest of its canonical URL. Its
 * INSERT (and a MODIFY that adds tickers) drives sentiment scoring.
 */
export const articles = /* @__PURE__ */ new Entity(
  {
    model: { entity: "article", version: "1", service: SERVICE },
    attributes: {
      articleID: { type: "string", required: true, readOnly: true },
      /** The link shown to readers (the publisher's where a provider gave it). */
      url: { type: "string", required: true },
      title: { type: "string", required: true, readOnly: true },
      description: { type: "string" },
      source: { type: "string", required: true },
      publishedAt: { type: "number", required: true, readOnly: true },
      /** Watched symbols the story is linked to; grows when a later run finds it for another one. */
      tickers: { type: "set", items: "string", required: true },
      providers: { type: "set", items: "string", required: true },
      headlineKey: { type: "string", required: true, readOnly: true },
      fetchedAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["articleID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** A normalised headline already stored, so the same story under another URL is not stored again. */
export const articleHeadlines = /* @__PURE__ */ new Entity(
  {
    model: { entity: "articleHeadline", version: "1", service: SERVICE },
    attributes: {
      headlineKey: { type: "string", required: true, readOnly: true },
      articleID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["headlineKey"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * What every item that repeats a story under a ticker holds, and its key: the ticker's stories newest first
 * (links here, scores in sentiment/entities.ts).
 */
export const underTicker = {
  attributes: {
    symbol: { type: "string", required: true, readOnly: true },
    publishedAt: { type: "number", required: true, readOnly: true },
    articleID: { type: "string", required: true, readOnly: true },
    title: { type: "string", required: true },
    url: { type: "string", required: true },
    source: { type: "string", required: true },
  },
  indexes: {
    primary: {
      pk: { field: "pk", composite: ["symbol"] },
      sk: { field: "sk", composite: ["publishedAt", "articleID"] },
    },
  },
} as const;

/**
 * A story under one of its tickers, newest first: one Query lists a symbol's news. It repeats what a list
 * shows so the list needs no second read. `publishedAt` is epoch ms (13 digits until 2286: sorts as text).
 */
export const articleTickers = /* @__PURE__ */ new Entity(
  {
    model: { entity: "articleTicker", version: "1", service: SERVICE },
    attributes: {
      ...underTicker.attributes,
      expiresAt: { type: "number", required: true },
    },
    indexes: underTicker.indexes,
  },
  Configuration,
);

/** One ingestion run: what each provider fetched, stored and skipped. Newest first in one partition. */
export const newsRuns = /* @__PURE__ */ new Entity(
  {
    model: { entity: "newsRun", version: "1", service: SERVICE },
    attributes: {
      ranAt: { type: "number", required: true, readOnly: true },
      runID: { type: "string", required: true, readOnly: true },
      symbols: { type: "number", required: true },
      stored: { type: "number", required: true },
      /** ok, degraded or skipped (runs before breakers have none: ok). */
      status: { type: ["ok", "degraded", "skipped"] as const },
      /** Per provider: calls, failures, fetched, stored, duplicates, skipped, errors (News.ProviderStats). */
      providers: { type: "any", required: true },
      durationMs: { type: "number", required: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: [] },
        sk: { field: "sk", composite: ["ranAt", "runID"] },
      },
    },
  },
  Configuration,
);
