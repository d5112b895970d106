/**
 * Trains the sentiment model (packages/core/src/sentiment/model) on data/tfns/sent_train.csv only and
 * writes its weights file. Deterministic: the fit is full-batch L-BFGS from zero, and the cross-validation
 * folds come from a seeded shuffle.
 *   pnpm sentiment:train              5-fold CV of the chosen settings, then the final fit and the file
 *   pnpm sentiment:train --try JSON   CV of CHOSEN with parts replaced, e.g. '{"fit":{"lambda":1e-5}}',
 *                                     repeatable: how CHOSEN was tuned; writes no file
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { evaluate } from "../../packages/core/src/sentiment/model/evaluate";
import { BITS, type FeatureConfig, featurize } from "../../packages/core/src/sentiment/model/features";
import { Label } from "../../packages/core/src/sentiment/model/label";
import { tfns } from "../../packages/core/src/sentiment/model/testing/datasets";
import { encode } from "../../packages/core/src/sentiment/model/weights";
import { fitModel, type Options, predict } from "./softmax";

interface Settings {
  features: FeatureConfig;
  fit: Options;
}

const SEED = 20240611;
const LABELS = Label.options;

/** Chosen by `--search` (5-fold CV on the training set). */
const CHOSEN: Settings = {
  features: { words: [1, 2], chars: [2, 5], charWeight: 1, termWeight: 0.5 },
  fit: { lambda: 1e-5, minDf: 2, classWeight: [1, 1, 1], maxIter: 500 },
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stratified folds: each label's rows shuffled with the seed, then dealt round-robin. */
function folds(y: Int32Array, k: number): Int32Array {
  const random = mulberry32(SEED);
  const fold = new Int32Array(y.length);
  for (let c = 0; c < LABELS.length; c++) {
    const rows = Array.from(y.keys()).filter((i) => y[i] === c);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    rows.forEach((row, i) => {
      fold[row] = i % k;
    });
  }
  return fold;
}

const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));

function crossValidate(texts: string[], y: Int32Array, settings: Settings, k = 5) {
  const rows = texts.map((t) => featurize(t, settings.features));
  const fold = folds(y, k);
  const predicted: number[] = new Array(y.length);
  for (let f = 0; f < k; f++) {
    const train = Array.from(y.keys()).filter((i) => fold[i] !== f);
    const test = Array.from(y.keys()).filter((i) => fold[i] === f);
    const model = fitModel(
      train.map((i) => rows[i] as (typeof rows)[number]),
      Int32Array.from(train, (i) => y[i] as number),
      LABELS.length,
      settings.fit,
    );
    predict(
      model,
      test.map((i) => rows[i] as (typeof rows)[number]),
    ).forEach((p, j) => {
      predicted[test[j] as number] = argmax(p);
    });
  }
  return evaluate(
    predicted.map((c) => LABELS[c] as Label),
    Array.from(y, (c) => LABELS[c] as Label),
  );
}

const train = tfns("train");
const texts = train.map((e) => e.text);
const y = Int32Array.from(train, (e) => LABELS.indexOf(e.label));
const show = (name: string, e: ReturnType<typeof evaluate>) =>
  console.log(`${name.padEnd(70)} acc ${e.accuracy.toFixed(4)}  macro-F1 ${e.macroF1.toFixed(4)}`);

const tries = process.argv.flatMap((arg, i) => (process.argv[i - 1] === "--try" ? [arg] : []));
if (tries.length) {
  for (const t of tries) {
    const part = JSON.parse(t) as { features?: Partial<FeatureConfig>; fit?: Partial<Options> };
    const s = { features: { ...CHOSEN.features, ...part.features }, fit: { ...CHOSEN.fit, ...part.fit } };
    show(t, crossValidate(texts, y, s));
  }
  process.exit(0);
}

const cv = crossValidate(texts, y, CHOSEN);
show("5-fold CV on sent_train (chosen settings)", cv);
const model = fitModel(
  texts.map((t) => featurize(t, CHOSEN.features)),
  y,
  LABELS.length,
  CHOSEN.fit,
);
const file = encode(model.buckets, model.weights, model.classes, {
  bits: BITS,
  labels: [...LABELS],
  config: CHOSEN.features,
  trained: {
    data: "data/tfns/sent_train.csv",
    rows: train.length,
    seed: SEED,
    fit: CHOSEN.fit,
    cv: { folds: 5, accuracy: +cv.accuracy.toFixed(4), macroF1: +cv.macroF1.toFixed(4) },
  },
});
const out = fileURLToPath(new URL("../../packages/core/src/sentiment/model/weights.json", import.meta.url));
const json = `${JSON.stringify(file, null, 1)}\n`;
writeFileSync(out, json);
console.log(`wrote ${out}: ${model.buckets.length} buckets, ${(json.length / 1024).toFixed(0)} KiB`);
