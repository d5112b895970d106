import * as SentimentModel from "@bourse/core/sentiment/model";
import * as SentimentScoring from "@bourse/core/sentiment/model/scoring";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { body, error, internal, json, jsonErrors } from "./contract";

/** The sentiment contract: scoring texts with the offline model. */

export const schemas = {
  SentimentScore: SentimentModel.Score,
};

export const paths: ZodOpenApiPathsObject = {
  "/api/sentiment/score": {
    post: {
      operationId: "scoreSentiment",
      summary: "Score 1 to 100 financial texts as bullish, bearish or neutral (anyone; limited per IP)",
      description:
        "`score` is P(bullish) − P(bearish), in [-1, 1]; `label` is the most probable label. Results keep the order of `texts`.",
      requestBody: body(SentimentScoring.Input),
      responses: {
        "200": json("One result per text, in order", SentimentScoring.Result),
        ...jsonErrors,
        "429": error("Too many requests from this address (rate_limited, with Retry-After)"),
        "500": internal,
      },
    },
  },
};
