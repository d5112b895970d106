import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";
import { underTicker } from "../news/entities";

/**
 * An article's score under one ticker, newest first per ticker (the dashboard's scored headlines). Created
 * once per (ticker, article), in the same transaction as its hourly aggregate's ADD: a replayed stream
 * record finds it and adds nothing.
 */
export const articleScores = /* @__PURE__ */ new Entity(
  {
    model: { entity: "articleScore", version: "1", service: SERVICE },
    attributes: {
      ...underTicker.attributes,
      label: { type: ["bullish", "bearish", "neutral"] as const, required: true, readOnly: true },
      score: { type: "number", required: true, readOnly: true },
      scoredAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: underTicker.indexes,
  },
  Configuration,
);

/** A ticker's sentiment in one hour (by publication time): sum of scores and counts per label. */
export const sentimentHours = /* @__PURE__ */ new Entity(
  {
    model: { entity: "sentimentHour", version: "1", service: SERVICE },
    attributes: {
      symbol: { type: "string", required: true, readOnly: true },
      /** Epoch hours (ms / 3,600,000): 6 digits until 2084, so they sort as text. */
      hour: { type: "number", required: true, readOnly: true },
      sum: { type: "number", required: true, default: 0 },
      count: { type: "number", required: true, default: 0 },
      bullish: { type: "number", required: true, default: 0 },
      bearish: { type: "number", required: true, default: 0 },
      neutral: { type: "number", required: true, default: 0 },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["symbol"] },
        sk: { field: "sk", composite: ["hour"] },
      },
    },
  },
  Configuration,
);
