export * as SentimentModel from "./index";

import { featurize, pool, vectorKey } from "./features";
import { Label, type Score } from "./label";
import { type Dense, decode, type WeightsFile } from "./weights";
import file from "./weights.json";

/**
 * The offline sentiment model of financial text: a multinomial logistic regression over hashed word and
 * character n-grams, the mean of the words' GloVe vectors and, per label, the highest and lowest GloVe-derived word score (features.ts), trained by scripts/sentiment/train.ts on data/tfns/sent_train.csv.
 * Pure and in-process: the weights ship in the bundle and are decoded once per instance. (The public,
 * rate-limited scoring verb is `SentimentScoring` in ./scoring, so this module needs no table.)
 */
export { Label, Score } from "./label";

const weightsFile = file as unknown as WeightsFile;
let dense: Dense | undefined;
const model = () => {
  dense ??= decode(weightsFile);
  return dense;
};
/** Label order in the weights file (columns of the weights). */
const labels = weightsFile.labels.map((l) => Label.parse(l));

/** The label probabilities of one text, in Label.options order. */
export function probabilities(text: string): Record<Label, number> {
  const { weights, scale, classes, words: table } = model();
  const { index, value, words } = featurize(text, weightsFile.config);
  const logits = new Float64Array(classes);
  for (let i = 0; i < index.length; i++) {
    const row = (index[i] as number) * classes;
    const v = (value[i] as number) * scale;
    for (let k = 0; k < classes; k++) logits[k] = (logits[k] as number) + v * (weights[row + k] as number);
  }
  // The word-vector block: the mean over the text's words of each known word's folded weights.
  const embedWeight = weightsFile.config.embedWeight ?? 0;
  if (table && embedWeight && words.length) {
    const v = (embedWeight / words.length) * table.scale;
    for (const word of words) {
      const row = table.rows.get(vectorKey(word));
      if (row === undefined) continue;
      for (let k = 0; k < classes; k++)
        logits[k] = (logits[k] as number) + v * (table.weights[row * classes + k] as number);
    }
  }
  // The pooled block: each label's highest and lowest word score, weighed per label.
  const pooled = table?.pooled;
  const poolWeight = weightsFile.config.poolWeight ?? 0;
  if (table && pooled && poolWeight) {
    const values = pool(words, table.rows, pooled.scores, pooled.scale, classes);
    for (let j = 0; j < values.length; j++) {
      const v = poolWeight * (values[j] as number);
      for (let k = 0; k < classes; k++)
        logits[k] = (logits[k] as number) + v * (pooled.matrix[j * classes + k] as number);
    }
  }
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  let total = 0;
  const exp = Array.from(logits, (l) => {
    const e = Math.exp(l - max);
    total += e;
    return e;
  });
  const result = { bullish: 0, bearish: 0, neutral: 0 };
  labels.forEach((label, k) => {
    result[label] = (exp[k] as number) / total;
  });
  return result;
}

export function score(text: string): Score {
  const p = probabilities(text);
  let label: Label = "neutral";
  for (const l of Label.options) if (p[l] > p[label]) label = l;
  // Clamped: float rounding must never leave the schema's range.
  return { label, score: Math.max(-1, Math.min(1, p.bullish - p.bearish)) };
}

export function scoreAll(texts: string[]): Score[] {
  return texts.map(score);
}
