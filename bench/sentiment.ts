/**
 * Sentiment benchmark: our offline model next to two lexicon baselines, in one process.
 *
 *   pnpm bench:sentiment            (or: pnpm exec tsx bench/sentiment.ts --passes 5)
 *
 * On data/tfns/sent_valid.csv (never trained on): accuracy, macro-F1 and the 3×3 confusion matrix of
 * - our model (packages/core/src/sentiment/model, the committed weights),
 * - AFINN (npm `sentiment`): score > 0 bullish, < 0 bearish, else neutral,
 * - VADER (npm `vader-sentiment`): compound ≥ 0.05 bullish, ≤ -0.05 bearish, else neutral (its usual cut-offs).
 * Then the same three on data/sentiment-hand (hand-written, hand-labelled news and press sentences, never
 * trained on): the generalisation check. Then our scoring latency per headline: wall-clock p50/p99 over every
 * validation text, timed one call at a time for --passes passes after a warm-up (wall time counts waits for a
 * core on a busy machine), the mean CPU time per headline of this thread, and the weights' size.
 */
import { statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Sentiment from "sentiment";
import vader from "vader-sentiment";
import { type Evaluation, evaluate } from "../packages/core/src/sentiment/model/evaluate";
import * as SentimentModel from "../packages/core/src/sentiment/model/index";
import type { Label } from "../packages/core/src/sentiment/model/label";
import { type Example, handLabelled, tfns } from "../packages/core/src/sentiment/model/testing/datasets";

const { values: args } = parseArgs({ options: { passes: { type: "string", default: "5" } } });
const PASSES = Number(args.passes);

const afinn = new Sentiment();
const byThreshold = (value: number, cut: number): Label =>
  value > cut ? "bullish" : value < -cut ? "bearish" : "neutral";
const scorers: Record<string, (text: string) => Label> = {
  "our model": (text) => SentimentModel.score(text).label,
  "AFINN (sentiment)": (text) => byThreshold(afinn.analyze(text).score, 0),
  "VADER (vader-sentiment)": (text) => {
    const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
    return compound >= 0.05 ? "bullish" : compound <= -0.05 ? "bearish" : "neutral";
  },
};

const run = (examples: Example[]) =>
  Object.fromEntries(
    Object.entries(scorers).map(([name, label]) => [
      name,
      evaluate(
        examples.map((e) => label(e.text)),
        examples.map((e) => e.label),
      ),
    ]),
  ) as Record<string, Evaluation>;

const valid = tfns("valid");
const hand = handLabelled();
const onValid = run(valid);
const onHand = run(hand);

const pct = (x: number) => `${(100 * x).toFixed(1)} %`.padStart(8);
console.log(
  `\nsent_valid.csv: ${valid.length} texts; hand-labelled news/press set: ${hand.length} sentences\n`,
);
console.log(
  `${"scorer".padEnd(26)}${"accuracy".padStart(10)}${"macro-F1".padStart(10)}${"hand-set acc".padStart(14)}${"hand-set F1".padStart(13)}`,
);
for (const name of Object.keys(scorers)) {
  const v = onValid[name] as Evaluation;
  const h = onHand[name] as Evaluation;
  console.log(
    `${name.padEnd(26)}${pct(v.accuracy).padStart(10)}${pct(v.macroF1).padStart(10)}${pct(h.accuracy).padStart(14)}${pct(h.macroF1).padStart(13)}`,
  );
}

console.log("\nconfusion on sent_valid.csv (rows: gold, columns: predicted; bullish / bearish / neutral)");
const labels = SentimentModel.Label.options;
console.log(
  `${"".padEnd(26)}${Object.keys(scorers)
    .map((n) => n.slice(0, 24).padEnd(26))
    .join("")}`,
);
labels.forEach((gold, g) => {
  const cells = Object.keys(scorers).map((name) =>
    ((onValid[name] as Evaluation).confusion[g] as number[])
      .map((n) => String(n).padStart(6))
      .join("")
      .padEnd(26),
  );
  console.log(`${`gold ${gold}`.padEnd(26)}${cells.join("")}`);
});

// Latency: one call at a time, as the scorer subscriber and the route call it.
for (const e of valid.slice(0, 200)) SentimentModel.score(e.text);
const times: number[] = [];
const cpuBefore = process.threadCpuUsage();
for (let pass = 0; pass < PASSES; pass++)
  for (const e of valid) {
    const started = performance.now();
    SentimentModel.score(e.text);
    times.push(performance.now() - started);
  }
// Wall time per call includes waiting for a core on a busy machine; CPU time is the work itself.
const cpu = process.threadCpuUsage(cpuBefore);
const cpuPerCall = (cpu.user + cpu.system) / times.length;
times.sort((a, b) => a - b);
const quantile = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
const weights = fileURLToPath(new URL("../packages/core/src/sentiment/model/weights.json", import.meta.url));
console.log(
  `\nour latency per headline over ${times.length} calls: wall p50 ${(quantile(0.5) * 1000).toFixed(0)} µs, p99 ${(quantile(0.99) * 1000).toFixed(0)} µs; CPU ${cpuPerCall.toFixed(0)} µs per headline on one thread (goal ≤ 1,000 µs; load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
);
console.log(`weights file: ${(statSync(weights).size / 1024).toFixed(0)} KiB (goal ≤ 5 MiB)`);
console.log(
  `ratio to the best lexicon on sent_valid: accuracy ×${(
    (onValid["our model"] as Evaluation).accuracy /
      Math.max(
        (onValid["AFINN (sentiment)"] as Evaluation).accuracy,
        (onValid["VADER (vader-sentiment)"] as Evaluation).accuracy,
      )
  ).toFixed(2)}, macro-F1 ×${(
    (onValid["our model"] as Evaluation).macroF1 /
      Math.max(
        (onValid["AFINN (sentiment)"] as Evaluation).macroF1,
        (onValid["VADER (vader-sentiment)"] as Evaluation).macroF1,
      )
  ).toFixed(2)}`,
);
