import * as z from "zod";

/**
 * The analysis of a run, as pure functions of its valid rows: per symbol (rows in date order, close C,
 * volume V, daily return r_t = C_t / C_{t-1} − 1) and across symbols. Plain float math; checked against
 * an exact computation in another language (scripts/price-metrics.py, fixture in testing/).
 */

export const TRADING_DAYS = 252;
export const SPIKE_FACTOR = 1.5;
export const SPIKE_WINDOW = 20;
export const BIG_MOVE = 0.05;
/**
 * A return computed in floats is off by ~1e-16: one within this of the threshold is taken as on it, not
 * above it (V's 2014-04-25 close is exactly 5% under the day before, which floats make 5.0000000000000044%).
 */
const ROUNDING = 1e-12;

export const Anomaly = z.object({
  kind: z.enum(["volume_spike", "big_move"]),
  date: z.string(),
  value: z.number().describe("the day's volume, or its return"),
  threshold: z
    .number()
    .describe("1.5 × the mean of the 20 previous volumes, or 0.05 (an absolute return above it)"),
});
export type Anomaly = z.infer<typeof Anomaly>;

export const Trend = z.enum(["up", "down", "sideways", "insufficient_data"]);

export const SymbolMetrics = z.object({
  symbol: z.string(),
  rows: z.number().int(),
  from: z.string(),
  to: z.string(),
  close: z.number().describe("C_T, the last close"),
  change1d: z.number().nullable(),
  change1w: z.number().nullable().describe("C_T / C_{T−5} − 1"),
  change1m: z.number().nullable().describe("C_T / C_{T−21} − 1"),
  momentum: z.number().nullable().describe("C_T / C_{T−10} − 1"),
  volatility20: z.number().nullable().describe("sample stdev of the last 20 daily returns × √252"),
  volatilityAll: z.number().nullable().describe("sample stdev of all daily returns × √252"),
  sma20: z.number().nullable(),
  sma50: z.number().nullable(),
  trend: Trend,
  anomalies: z.array(Anomaly),
});
export type SymbolMetrics = z.infer<typeof SymbolMetrics>;

const Mover = z.object({ symbol: z.string(), change1w: z.number() });

export const Aggregates = z.object({
  symbols: z.number().int(),
  meanChange1w: z.number().nullable(),
  sentiment: z.enum(["bullish", "bearish", "neutral"]),
  topGainers: z.array(Mover).describe("up to 3, by 1w change, highest first"),
  topLosers: z.array(Mover).describe("up to 3, by 1w change, lowest first"),
  turbulence: z.number().nullable().describe("mean 20-day volatility"),
  turbulenceLevel: z.enum(["low", "medium", "high"]).nullable(),
  anomalies: z.object({
    volumeSpikes: z.number().int(),
    bigMoves: z.number().int(),
    total: z.number().int(),
  }),
});
export type Aggregates = z.infer<typeof Aggregates>;

/** A symbol's rows as columns, in date order. */
export interface Columns {
  symbol: string;
  dates: string[];
  closes: number[];
  volumes: number[];
}

const mean = (xs: ArrayLike<number>, from = 0, to = xs.length) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += xs[i] as number;
  return sum / (to - from);
};

/** Sample standard deviation (n − 1), two passes. */
function stdev(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  const m = mean(xs, from, to);
  let squares = 0;
  for (let i = from; i < to; i++) squares += ((xs[i] as number) - m) ** 2;
  return Math.sqrt(squares / (to - from - 1));
}

/** The simple moving average of the `window` values ending at `end` (exclusive). */
export const sma = (xs: ArrayLike<number>, window: number, end = xs.length) =>
  end >= window ? mean(xs, end - window, end) : null;

export function symbolMetrics({ symbol, dates, closes: c, volumes: v }: Columns): SymbolMetrics {
  const n = c.length;
  const T = n - 1;
  const back = (k: number) => (n > k ? (c[T] as number) / (c[T - k] as number) - 1 : null);
  const returns = new Float64Array(Math.max(0, n - 1));
  for (let t = 1; t < n; t++) returns[t - 1] = (c[t] as number) / (c[t - 1] as number) - 1;
  const annual = Math.sqrt(TRADING_DAYS);
  const sma20 = sma(c, 20);
  const sma50 = sma(c, 50);
  const last = c[T] as number;
  let trend: z.infer<typeof Trend> = "insufficient_data";
  if (n >= 50 && sma20 !== null && sma50 !== null)
    trend = sma20 > sma50 && last > sma20 ? "up" : sma20 < sma50 && last < sma20 ? "down" : "sideways";
  return {
    symbol,
    rows: n,
    from: dates[0] as string,
    to: dates[T] as string,
    close: last,
    change1d: back(1),
    change1w: back(5),
    change1m: back(21),
    momentum: back(10),
    volatility20: returns.length >= 20 ? stdev(returns, returns.length - 20) * annual : null,
    volatilityAll: returns.length >= 2 ? stdev(returns) * annual : null,
    sma20,
    sma50,
    trend,
    anomalies: anomaliesOf(dates, c, v, returns),
  };
}

function anomaliesOf(dates: string[], c: number[], v: number[], returns: Float64Array): Anomaly[] {
  const found: Anomaly[] = [];
  // A running sum of the 20 previous volumes.
  let window = 0;
  for (let t = 0; t < c.length; t++) {
    if (t >= SPIKE_WINDOW) {
      const threshold = SPIKE_FACTOR * (window / SPIKE_WINDOW);
      // V > 1.5 × sum / 20, as 40 V > 3 sum: exact for whole volumes (no division to round).
      if (2 * SPIKE_WINDOW * (v[t] as number) > 3 * window)
        found.push({ kind: "volume_spike", date: dates[t] as string, value: v[t] as number, threshold });
    }
    if (t >= 1) {
      const r = returns[t - 1] as number;
      if (Math.abs(r) - BIG_MOVE > ROUNDING)
        found.push({ kind: "big_move", date: dates[t] as string, value: r, threshold: BIG_MOVE });
    }
    window += v[t] as number;
    if (t >= SPIKE_WINDOW) window -= v[t - SPIKE_WINDOW] as number;
  }
  return found;
}

export function aggregates(metrics: SymbolMetrics[]): Aggregates {
  const movers = metrics
    .filter((m) => m.change1w !== null)
    .map((m) => ({ symbol: m.symbol, change1w: m.change1w as number }));
  const meanChange1w = movers.length ? mean(movers.map((m) => m.change1w)) : null;
  const byChange = [...movers].sort((a, b) => b.change1w - a.change1w || a.symbol.localeCompare(b.symbol));
  const vols = metrics.map((m) => m.volatility20).filter((x): x is number => x !== null);
  const turbulence = vols.length ? mean(vols) : null;
  const all = metrics.flatMap((m) => m.anomalies);
  const spikes = all.filter((a) => a.kind === "volume_spike").length;
  return {
    symbols: metrics.length,
    meanChange1w,
    sentiment:
      meanChange1w === null
        ? "neutral"
        : meanChange1w > 0.01
          ? "bullish"
          : meanChange1w < -0.01
            ? "bearish"
            : "neutral",
    topGainers: byChange.slice(0, 3),
    topLosers: [...byChange].reverse().slice(0, 3),
    turbulence,
    turbulenceLevel:
      turbulence === null ? null : turbulence < 0.2 ? "low" : turbulence <= 0.4 ? "medium" : "high",
    anomalies: { volumeSpikes: spikes, bigMoves: all.length - spikes, total: all.length },
  };
}

/** One row of a symbol, as the analysis and the charts read it. */
export interface Candle {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Metrics per symbol (by symbol) and the aggregates, from each symbol's rows in date order. */
export function compute(bySymbol: Map<string, Candle[]>): {
  metrics: SymbolMetrics[];
  aggregates: Aggregates;
} {
  const metrics = [...bySymbol.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([symbol, candles]) =>
      symbolMetrics({
        symbol,
        dates: candles.map((c) => c.time),
        closes: candles.map((c) => c.close),
        volumes: candles.map((c) => c.volume),
      }),
    );
  return { metrics, aggregates: aggregates(metrics) };
}
