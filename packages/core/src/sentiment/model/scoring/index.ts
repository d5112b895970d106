export * as SentimentScoring from "./index";

import * as z from "zod";
import * as RateLimit from "../../../rate-limit";
import { fn } from "../../../util/fn";
import * as SentimentModel from "../index";

/** The public scoring verb's input: 1–100 texts of at most 1,000 characters each. */
export const Input = z.object({
  texts: z
    .array(z.string().max(1000))
    .min(1)
    .max(100)
    .describe("1 to 100 texts, each at most 1,000 characters"),
});
export const Result = z.object({
  results: z.array(SentimentModel.Score).describe("one per text, in the same order"),
});
export type Result = z.infer<typeof Result>;

/**
 * Scores texts for anyone (guests and visitors without a session too), counted against the caller's IP
 * (RateLimit "sentiment"): the adapter passes an address the client cannot choose.
 */
export const score = /* @__PURE__ */ fn(Input, async ({ texts }, meta: { ip: string }): Promise<Result> => {
  await RateLimit.hit("sentiment", { ip: meta.ip });
  return { results: SentimentModel.scoreAll(texts) };
});
