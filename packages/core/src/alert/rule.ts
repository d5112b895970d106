/** What an alert rule is and when it holds. Pure: unit-tested. */
import * as z from "zod";
import * as Ticker from "../ticker";

export const MAX_RULES = 10;
export const COOLDOWN = { min: 5, max: 7 * 24 * 60, default: 60 } as const;

export const Target = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ticker"), symbol: Ticker.SymbolInput }),
  z.object({ kind: z.literal("watchlist"), watchlistID: z.string().describe("one of your watchlists") }),
]);
export type Target = z.infer<typeof Target>;

export const Condition = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("sentiment"),
    direction: z.enum(["above", "below"]),
    threshold: z.number().min(-1).max(1).describe("a mean score in [-1, 1]"),
    window: z.enum(["hour", "day"]).describe("hour: this hour and the one before; day: the last 24 hours"),
  }),
  z.object({
    kind: z.literal("volume"),
    perHour: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .describe("fires when more articles than this come in one hour"),
  }),
]);
export type Condition = z.infer<typeof Condition>;

/** A symbol's sentiment now, as the rules read it (Sentiment.current). */
export interface Observed {
  hour: { score: number | null; articles: number };
  day: { score: number | null; articles: number };
  /** Articles published in the current clock hour. */
  thisHour: number;
}

/** Whether the condition holds for what is observed; if so, what it saw (said in the mail). */
export function holds(condition: Condition, observed: Observed): string | undefined {
  if (condition.kind === "volume")
    return observed.thisHour > condition.perHour ? `${observed.thisHour} articles this hour` : undefined;
  const { score, articles } = observed[condition.window];
  if (score === null) return undefined;
  const crossed = condition.direction === "above" ? score > condition.threshold : score < condition.threshold;
  const span = condition.window === "hour" ? "the last hour" : "the last day";
  return crossed ? `sentiment ${score} over ${span} (${articles} articles)` : undefined;
}

/** The rule in words: a mail's subject, the page's list. */
export function describe(condition: Condition, target: string): string {
  if (condition.kind === "volume") return `${target}: more than ${condition.perHour} articles in an hour`;
  return `${target}: sentiment ${condition.direction} ${condition.threshold} over the last ${condition.window}`;
}
