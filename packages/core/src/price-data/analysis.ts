import { ulid } from "ulid";
import * as z from "zod";
import { ignoreConditionalFailure, ttl } from "../dynamo";
import { type Clock, systemClock } from "../util/clock";
import { analyses, runs } from "./entities";
import { Aggregates, Anomaly, compute, SymbolMetrics } from "./metrics";

export { compute };

import type { Valid } from "./row";
import { getJson, keys, lines, putJson } from "./store";
import * as Summary from "./summary";

/**
 * The analysis of a run, once its rows are in: the Analyzer subscriber hears the run turn `analysing`,
 * computes per-symbol metrics and the aggregates from `processed/<run>/valid.jsonl`, writes each symbol's
 * chart series, asks for the summary, then creates the analysis item once (a replay creates none) and
 * marks the run `done`. The analysis's INSERT is what the report is mailed on (PriceReport).
 */

export const KEEP_DAYS = 90;

export const Info = z.object({
  metrics: z.array(SymbolMetrics),
  aggregates: Aggregates,
  summary: Summary.Info,
  createdAt: z.number(),
});
export type Info = z.infer<typeof Info>;

const Point = z.object({ time: z.string(), value: z.number() });
export const Series = z.object({
  symbol: z.string(),
  candles: z.array(
    z.object({
      time: z.string().describe("the row's datetime"),
      open: z.number(),
      high: z.number(),
      low: z.number(),
      close: z.number(),
      volume: z.number(),
    }),
  ),
  sma20: z.array(Point),
  sma50: z.array(Point),
  anomalies: z.array(Anomaly),
});
export type Series = z.infer<typeof Series>;

type Candle = Series["candles"][number];

/** A run's valid rows, per symbol, in date order (the file may be newest first). */
async function candlesOf(runID: string): Promise<Map<string, Candle[]>> {
  const bySymbol = new Map<string, Candle[]>();
  for await (const row of lines<Valid>(keys.valid(runID))) {
    let list = bySymbol.get(row.symbol);
    if (!list) {
      list = [];
      bySymbol.set(row.symbol, list);
    }
    list.push({
      time: row.datetime,
      open: row.open,
      high: row.high,
      low: row.low,
      close: row.close,
      volume: row.volume,
    });
  }
  for (const list of bySymbol.values()) list.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return bySymbol;
}

/** The moving average of closes over `window` rows, at each row that has that many behind it. */
function movingAverage(candles: Candle[], window: number) {
  const points: z.infer<typeof Point>[] = [];
  let sum = 0;
  candles.forEach((c, i) => {
    sum += c.close;
    if (i >= window) sum -= (candles[i - window] as Candle).close;
    if (i >= window - 1) points.push({ time: c.time, value: sum / window });
  });
  return points;
}

export type Analysed = "analysed" | "skipped";

export async function analyse(
  runID: string,
  clock: Clock = systemClock,
  options: Parameters<typeof Summary.summarise>[2] = {},
): Promise<Analysed> {
  const run = (await runs.get({ runID }).go({ consistent: true })).data;
  if (run?.status !== "analysing") return "skipped";
  const existing = (await analyses.get({ runID }).go({ consistent: true })).data;
  if (!existing) {
    const bySymbol = await candlesOf(runID);
    const { metrics, aggregates } = compute(bySymbol);
    await Promise.all(
      metrics.map((m) => {
        const candles = bySymbol.get(m.symbol) as Candle[];
        const series: Series = {
          symbol: m.symbol,
          candles,
          sma20: movingAverage(candles, 20),
          sma50: movingAverage(candles, 50),
          anomalies: m.anomalies,
        };
        return putJson(keys.series(runID, m.symbol), series);
      }),
    );
    await putJson(keys.analysis(runID), { metrics });
    const summary = await Summary.summarise(aggregates, metrics, options);
    const now = clock();
    await ignoreConditionalFailure(
      analyses
        .create({
          runID,
          ownerID: run.ownerID,
          correlationId: run.correlationId,
          // The anomaly lists are in analysis.json: the item stays far below DynamoDB's 400 KB.
          metrics: metrics.map(({ anomalies, ...m }) => ({ ...m, anomalyCount: anomalies.length })),
          aggregates,
          summary,
          reportEmailID: ulid(now.getTime()),
          createdAt: now.getTime(),
          expiresAt: ttl(now, KEEP_DAYS),
        })
        .go(),
    );
  }
  await ignoreConditionalFailure(
    runs
      .patch({ runID })
      .set({ status: "done", timings: { ...(run.timings as object), analysed: clock().getTime() } })
      .where((a, op) => op.eq(a.status, "analysing"))
      .go(),
  );
  return existing ? "skipped" : "analysed";
}

/** A run's analysis with its anomaly lists (the caller has checked the run is theirs). */
export async function get(runID: string): Promise<Info | null> {
  const item = (await analyses.get({ runID }).go()).data;
  if (!item) return null;
  const full = await getJson<{ metrics: SymbolMetrics[] }>(keys.analysis(runID));
  return {
    metrics: full?.metrics ?? [],
    aggregates: item.aggregates as Aggregates,
    summary: item.summary as Summary.Info,
    createdAt: item.createdAt,
  };
}

export async function series(runID: string, symbol: string): Promise<Series | undefined> {
  return getJson<Series>(keys.series(runID, symbol));
}

/** The stored analysis item, for the report (no actor: the pipeline's own step). */
export async function stored(runID: string) {
  return (await analyses.get({ runID }).go({ consistent: true })).data ?? undefined;
}
