import * as z from "zod";

export const Label = z.enum(["bullish", "bearish", "neutral"]);
export type Label = z.infer<typeof Label>;

/** `score` is P(bullish) − P(bearish): -1 surely bearish, 0 balanced or neutral, 1 surely bullish. */
export const Score = z.object({ label: Label, score: z.number().min(-1).max(1) });
export type Score = z.infer<typeof Score>;
