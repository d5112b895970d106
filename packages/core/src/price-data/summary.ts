import * as z from "zod";
import * as Metrics from "../metrics";
import * as Bedrock from "./bedrock";
import type { Aggregates, SymbolMetrics } from "./metrics";

/**
 * The run's written summary: an executive summary and a short analysis per symbol, by Nova Lite on
 * Bedrock, or (Bedrock unavailable, its answer unusable, or the setting `BOURSE_AI_SUMMARY=numbers`, the
 * local default) written deterministically from the numbers, and marked so.
 */

export const Info = z.object({
  source: z.enum(["bedrock", "numbers"]).describe("bedrock: written by the model; numbers: the fallback"),
  model: z.string().nullable(),
  executive: z.string(),
  symbols: z.record(z.string(), z.string()).describe("a short analysis per symbol"),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  costUsd: z.number().describe("at Nova Lite's prices: $0.00006 / 1K input, $0.00024 / 1K output tokens"),
  attempts: z.number().int().describe("calls made to Bedrock (0 when not asked)"),
  note: z.string().nullable().describe("why the numbers wrote it, when they did"),
});
export type Info = z.infer<typeof Info>;

const ModelAnswer = z.object({
  executiveSummary: z.string().trim().min(1).max(4000),
  symbols: z.record(z.string(), z.string().max(2000)),
});

export const SYSTEM =
  "You are a markets analyst. You get daily-price metrics of several stocks as JSON. Answer with JSON only, " +
  'no prose around it: {"executiveSummary": "<3 to 5 sentences on the market as a whole>", "symbols": ' +
  '{"<SYMBOL>": "<one or two sentences on that stock>"}}, one entry per symbol given. Use only the numbers given.';

/** What the model is told: the aggregates and each symbol's metrics (anomalies counted, not listed). */
export function promptOf(aggregates: Aggregates, metrics: SymbolMetrics[]): string {
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
  return JSON.stringify({
    aggregates,
    symbols: metrics.map((m) => ({
      symbol: m.symbol,
      from: m.from,
      to: m.to,
      close: m.close,
      change1d: round(m.change1d),
      change1w: round(m.change1w),
      change1m: round(m.change1m),
      momentum: round(m.momentum),
      volatility20: round(m.volatility20),
      volatilityAll: round(m.volatilityAll),
      sma20: round(m.sma20),
      sma50: round(m.sma50),
      trend: m.trend,
      volumeSpikes: m.anomalies.filter((a) => a.kind === "volume_spike").length,
      bigMoves: m.anomalies.filter((a) => a.kind === "big_move").length,
    })),
  });
}

/** The model's JSON answer, tolerating a fenced block around it; undefined when it is not what was asked. */
export function parseAnswer(text: string, symbols: string[]): z.infer<typeof ModelAnswer> | undefined {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  let value: unknown;
  try {
    value = JSON.parse(fenced ? (fenced[1] as string) : text);
  } catch {
    return undefined;
  }
  const parsed = ModelAnswer.safeParse(value);
  if (!parsed.success || !symbols.every((s) => typeof parsed.data.symbols[s] === "string")) return undefined;
  return {
    executiveSummary: parsed.data.executiveSummary,
    symbols: Object.fromEntries(symbols.map((s) => [s, parsed.data.symbols[s] as string])),
  };
}

export const useBedrock = () => (process.env.BOURSE_AI_SUMMARY || "bedrock") !== "numbers";

/** The summary of a run: by the model when it can, else from the numbers. */
export async function summarise(
  aggregates: Aggregates,
  metrics: SymbolMetrics[],
  options: Bedrock.Options & { bedrock?: boolean } = {},
): Promise<Info> {
  const written = fromNumbers(aggregates, metrics);
  if (!(options.bedrock ?? useBedrock()))
    return { ...written, note: "Bedrock is off for this stage (BOURSE_AI_SUMMARY=numbers)" };
  const symbols = metrics.map((m) => m.symbol);
  let answer: Bedrock.Answer;
  try {
    answer = await Bedrock.converse(SYSTEM, promptOf(aggregates, metrics), options);
  } catch (error) {
    if (!(error instanceof Bedrock.Unavailable)) throw error;
    await Metrics.countFailure("BedrockSummary", 1);
    return {
      ...written,
      attempts: error.attempts,
      note: `Bedrock unavailable after ${error.attempts} attempts (${error.message})`,
    };
  }
  const spent = {
    model: Bedrock.modelId(),
    tokensIn: answer.tokensIn,
    tokensOut: answer.tokensOut,
    costUsd: Bedrock.costOf(answer.tokensIn, answer.tokensOut),
    attempts: answer.attempts,
  };
  const parsed = parseAnswer(answer.text, symbols);
  if (!parsed) return { ...written, ...spent, note: "The model's answer was not the JSON asked for" };
  return {
    source: "bedrock",
    executive: parsed.executiveSummary,
    symbols: parsed.symbols,
    note: null,
    ...spent,
  };
}

const pct = (x: number | null) =>
  x === null ? "n/a" : `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(2)}%`;
const num = (x: number | null) => (x === null ? "n/a" : x.toFixed(2));

/** The deterministic summary: the same numbers, said plainly. */
export function fromNumbers(aggregates: Aggregates, metrics: SymbolMetrics[]): Info {
  const a = aggregates;
  const movers = (list: Aggregates["topGainers"]) =>
    list.map((m) => `${m.symbol} (${pct(m.change1w)})`).join(", ") || "none";
  const executive = [
    `Across ${a.symbols} symbol${a.symbols === 1 ? "" : "s"} the market is ${a.sentiment}: the mean 1-week change is ${pct(a.meanChange1w)}.`,
    `Top gainers over the week: ${movers(a.topGainers)}; top losers: ${movers(a.topLosers)}.`,
    a.turbulence === null
      ? "There are too few rows for a 20-day volatility."
      : `Turbulence is ${a.turbulenceLevel} (mean 20-day volatility ${pct(a.turbulence).slice(1)}).`,
    `${a.anomalies.total} anomalies: ${a.anomalies.volumeSpikes} volume spikes and ${a.anomalies.bigMoves} moves over 5%.`,
  ].join(" ");
  const symbols = Object.fromEntries(
    metrics.map((m) => [
      m.symbol,
      `${m.symbol} closed at ${num(m.close)} on ${m.to}: ${pct(m.change1d)} on the day, ${pct(m.change1w)} on the week, ` +
        `${pct(m.change1m)} on the month; trend ${m.trend.replace("_", " ")} (SMA20 ${num(m.sma20)}, SMA50 ${num(m.sma50)}); ` +
        `20-day volatility ${m.volatility20 === null ? "n/a" : pct(m.volatility20).slice(1)}; ${m.anomalies.length} anomalies.`,
    ]),
  );
  return {
    source: "numbers",
    model: null,
    executive,
    symbols,
    tokensIn: 0,
    tokensOut: 0,
    costUsd: 0,
    attempts: 0,
    note: null,
  };
}
