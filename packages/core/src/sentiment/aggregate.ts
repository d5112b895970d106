/** Hourly sentiment folded into the windows and trend the dashboard reads. Pure: unit-tested. */
import * as z from "zod";

export const Label = z.enum(["bullish", "bearish", "neutral"]);
export type Label = z.infer<typeof Label>;

export const HOUR_MS = 3_600_000;
/** A window's mean beyond ±this is bullish or bearish; inside, neutral. */
export const LABEL_THRESHOLD = 0.15;
/** A day's mean this far from the week's is a move; closer is steady. */
export const TREND_THRESHOLD = 0.05;

export const Window = z.object({
  score: z.number().nullable().describe("mean score in [-1, 1]; null without articles"),
  label: Label.nullable().describe("the mean's label; null without articles"),
  articles: z.number().describe("scored (article, ticker) pairs in the window"),
});
export type Window = z.infer<typeof Window>;

export const Trend = z.object({
  delta: z.number().nullable().describe("the last day's mean minus the last week's; null without both"),
  direction: z.enum(["rising", "falling", "steady"]),
});
export type Trend = z.infer<typeof Trend>;

export const HourPoint = z.object({
  hour: z.number().describe("the hour's start, epoch milliseconds"),
  score: z.number(),
  articles: z.number(),
});
export type HourPoint = z.infer<typeof HourPoint>;

export interface Hour {
  hour: number;
  sum: number;
  count: number;
}

export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);

export function labelOf(score: number): Label {
  return score > LABEL_THRESHOLD ? "bullish" : score < -LABEL_THRESHOLD ? "bearish" : "neutral";
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The hours whose start lies within `hours` hours before `now`'s hour (that hour included). */
export function windowOf(rows: Hour[], now: number, hours: number): Window {
  const last = hourOf(now);
  let sum = 0;
  let count = 0;
  for (const r of rows)
    if (r.hour <= last && r.hour > last - hours) {
      sum += r.sum;
      count += r.count;
    }
  if (count === 0) return { score: null, label: null, articles: 0 };
  const score = round(sum / count);
  return { score, label: labelOf(score), articles: count };
}

export function trendOf(day: Window, week: Window): Trend {
  if (day.score === null || week.score === null) return { delta: null, direction: "steady" };
  const delta = round(day.score - week.score);
  return {
    delta,
    direction: delta > TREND_THRESHOLD ? "rising" : delta < -TREND_THRESHOLD ? "falling" : "steady",
  };
}

/** The week's hours that had articles, oldest first, for the chart. */
export function seriesOf(rows: Hour[], now: number): HourPoint[] {
  const last = hourOf(now);
  return rows
    .filter((r) => r.count > 0 && r.hour <= last && r.hour > last - 7 * 24)
    .sort((a, b) => a.hour - b.hour)
    .map((r) => ({ hour: r.hour * HOUR_MS, score: round(r.sum / r.count), articles: r.count }));
}
