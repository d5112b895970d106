import { Label } from "./label";

const LABELS = Label.options;

export interface Evaluation {
  accuracy: number;
  macroF1: number;
  /** confusion[gold][predicted], rows and columns in LABELS order. */
  confusion: number[][];
}

/** Accuracy, macro-averaged F1 and the confusion matrix of predictions against gold labels. */
export function evaluate(predicted: readonly Label[], gold: readonly Label[]): Evaluation {
  if (predicted.length !== gold.length) throw new Error("evaluate: predictions and gold differ in length");
  const at = (l: Label) => LABELS.indexOf(l);
  const confusion = LABELS.map(() => LABELS.map(() => 0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = at(gold[i] as Label);
    const p = at(predicted[i] as Label);
    const row = confusion[g] as number[];
    row[p] = (row[p] as number) + 1;
    if (g === p) correct++;
  }
  const f1s = LABELS.map((_, k) => {
    const tp = (confusion[k] as number[])[k] as number;
    const fp = confusion.reduce((s, row, g) => s + (g === k ? 0 : (row[k] as number)), 0);
    const fn = (confusion[k] as number[]).reduce((s, v, p) => s + (p === k ? 0 : v), 0);
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return {
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: f1s.reduce((a, b) => a + b, 0) / LABELS.length,
    confusion,
  };
}
