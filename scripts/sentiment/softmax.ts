import type { Features } from "../../packages/core/src/sentiment/model/features";
import { DENSE_BASE } from "./vectors";

/**
 * Multinomial logistic regression with L2 regularisation, fitted by L-BFGS over sparse rows: convex and
 * full-batch, so the result depends on the data alone (no random initialisation, no shuffling).
 */
export interface Options {
  /** L2 strength on the mean loss. */
  lambda: number;
  /** Drop buckets seen in fewer training texts than this. */
  minDf: number;
  /** Loss weight per class (index = class), for macro-F1 on an unbalanced set. */
  classWeight: number[];
  maxIter: number;
  /**
   * Naive-Bayes scaling (NB-LR, after Wang & Manning 2012), off when absent: weight (column, class) acts
   * through |log-count ratio of the column for that class vs the rest| + `floor`, so the L2 prior is
   * looser on features that separate a class. Folded into the weights after the fit: scoring is unchanged.
   */
  nb?: { alpha: number; floor: number };
}

export interface Fitted {
  /** The hashed bucket of each kept column. */
  buckets: Uint32Array;
  /** weights[column * K + k]. */
  weights: Float64Array;
  classes: number;
}

interface Csr {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

function compact(
  rows: Features[],
  minDf: number,
): { csr: Csr; buckets: Uint32Array; columnOf: Map<number, number> } {
  const df = new Map<number, number>();
  for (const r of rows) for (const b of r.index) df.set(b, (df.get(b) ?? 0) + 1);
  const kept = [...df]
    .filter(([, n]) => n >= minDf)
    .map(([b]) => b)
    .sort((a, b) => a - b);
  const columnOf = new Map(kept.map((b, i) => [b, i]));
  return { csr: toCsr(rows, columnOf), buckets: Uint32Array.from(kept), columnOf };
}

function toCsr(rows: Features[], columnOf: Map<number, number>): Csr {
  const ptr = new Int32Array(rows.length + 1);
  const col: number[] = [];
  const val: number[] = [];
  rows.forEach((r, i) => {
    for (let j = 0; j < r.index.length; j++) {
      const c = columnOf.get(r.index[j] as number);
      if (c === undefined) continue;
      col.push(c);
      val.push(r.value[j] as number);
    }
    ptr[i + 1] = col.length;
  });
  return { ptr, col: Int32Array.from(col), val: Float64Array.from(val) };
}

function logits(csr: Csr, i: number, w: Float64Array, K: number, out: Float64Array, s?: Float64Array) {
  out.fill(0);
  for (let j = csr.ptr[i] as number; j < (csr.ptr[i + 1] as number); j++) {
    const base = (csr.col[j] as number) * K;
    const v = csr.val[j] as number;
    for (let k = 0; k < K; k++)
      out[k] = (out[k] as number) + v * (w[base + k] as number) * (s ? (s[base + k] as number) : 1);
  }
}

/** |log((p_k / |p_k|) / (q_k / |q_k|))| + floor per (column, class): p sums the class's rows, q the rest's. */
function nbScales(csr: Csr, y: Int32Array, K: number, columns: number, nb: { alpha: number; floor: number }) {
  const inClass = new Float64Array(columns * K).fill(nb.alpha);
  const total = new Float64Array(columns).fill(nb.alpha * K);
  for (let i = 0; i < y.length; i++)
    for (let j = csr.ptr[i] as number; j < (csr.ptr[i + 1] as number); j++) {
      const c = csr.col[j] as number;
      const v = csr.val[j] as number;
      inClass[c * K + (y[i] as number)] = (inClass[c * K + (y[i] as number)] as number) + v;
      total[c] = (total[c] as number) + v;
    }
  const sumIn = new Float64Array(K);
  let sumAll = 0;
  for (let c = 0; c < columns; c++) {
    for (let k = 0; k < K; k++) sumIn[k] = (sumIn[k] as number) + (inClass[c * K + k] as number);
    sumAll += total[c] as number;
  }
  const s = new Float64Array(columns * K);
  for (let c = 0; c < columns; c++)
    for (let k = 0; k < K; k++) {
      const pk = (inClass[c * K + k] as number) / (sumIn[k] as number);
      const rest = (total[c] as number) - (inClass[c * K + k] as number);
      const qk = rest / (sumAll - (sumIn[k] as number));
      s[c * K + k] = Math.abs(Math.log(pk / qk)) + nb.floor;
    }
  return s;
}

function softmaxInPlace(z: Float64Array) {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let total = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp((z[k] as number) - max);
    total += z[k] as number;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] as number) / total;
}

export function fitModel(rows: Features[], y: Int32Array, K: number, options: Options): Fitted {
  const { csr, buckets } = compact(rows, options.minDf);
  const N = rows.length;
  const D = buckets.length * K;
  const weightOf = Float64Array.from(y, (c) => options.classWeight[c] ?? 1);
  const norm = weightOf.reduce((a, b) => a + b, 0);
  const p = new Float64Array(K);
  const s = options.nb ? nbScales(csr, y, K, buckets.length, options.nb) : new Float64Array(D).fill(1);
  // The dense word-vector block has signed values, where a count ratio means nothing: no NB scaling.
  buckets.forEach((bucket, c) => {
    if (bucket >= DENSE_BASE) s.fill(1, c * K, (c + 1) * K);
  });

  const objective = (w: Float64Array, grad: Float64Array): number => {
    let loss = 0;
    grad.fill(0);
    for (let i = 0; i < N; i++) {
      logits(csr, i, w, K, p, s);
      softmaxInPlace(p);
      const c = y[i] as number;
      const sw = (weightOf[i] as number) / norm;
      loss -= sw * Math.log(Math.max(p[c] as number, 1e-300));
      for (let j = csr.ptr[i] as number; j < (csr.ptr[i + 1] as number); j++) {
        const base = (csr.col[j] as number) * K;
        const v = (csr.val[j] as number) * sw;
        for (let k = 0; k < K; k++)
          grad[base + k] =
            (grad[base + k] as number) + v * (s[base + k] as number) * ((p[k] as number) - (k === c ? 1 : 0));
      }
    }
    for (let d = 0; d < D; d++) {
      loss += 0.5 * options.lambda * (w[d] as number) ** 2;
      grad[d] = (grad[d] as number) + options.lambda * (w[d] as number);
    }
    return loss;
  };

  const w = lbfgs(objective, D, options.maxIter);
  for (let d = 0; d < D; d++) w[d] = (w[d] as number) * (s[d] as number);
  return { buckets, weights: w, classes: K };
}

/** Class probabilities of rows under a fitted model (buckets outside the model weigh nothing). */
export function predict(model: Fitted, rows: Features[]): Float64Array[] {
  const columnOf = new Map(Array.from(model.buckets, (b, i) => [b, i]));
  const csr = toCsr(rows, columnOf);
  return rows.map((_, i) => {
    const z = new Float64Array(model.classes);
    logits(csr, i, model.weights, model.classes, z);
    softmaxInPlace(z);
    return z;
  });
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** Limited-memory BFGS (two-loop recursion, memory 10) with a backtracking Armijo line search. */
function lbfgs(f: (w: Float64Array, g: Float64Array) => number, D: number, maxIter: number): Float64Array {
  const m = 10;
  let w = new Float64Array(D);
  let g = new Float64Array(D);
  let fx = f(w, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const RHO: number[] = [];
  for (let iter = 0; iter < maxIter; iter++) {
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let i = S.length - 1; i >= 0; i--) {
      const a = (RHO[i] as number) * dot(S[i] as Float64Array, q);
      alpha[i] = a;
      const yi = Y[i] as Float64Array;
      for (let d = 0; d < D; d++) q[d] = (q[d] as number) - a * (yi[d] as number);
    }
    const last = S.length - 1;
    const gamma =
      last >= 0
        ? dot(S[last] as Float64Array, Y[last] as Float64Array) /
          dot(Y[last] as Float64Array, Y[last] as Float64Array)
        : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let d = 0; d < D; d++) q[d] = (q[d] as number) * gamma;
    for (let i = 0; i < S.length; i++) {
      const b = (RHO[i] as number) * dot(Y[i] as Float64Array, q);
      const si = S[i] as Float64Array;
      for (let d = 0; d < D; d++) q[d] = (q[d] as number) + (si[d] as number) * ((alpha[i] as number) - b);
    }
    // q is the ascent direction; step along -q.
    const slope = -dot(g, q);
    if (slope >= 0) break;
    let step = 1;
    const wNext = new Float64Array(D);
    const gNext = new Float64Array(D);
    let fNext = Infinity;
    for (let tries = 0; tries < 30; tries++) {
      for (let d = 0; d < D; d++) wNext[d] = (w[d] as number) - step * (q[d] as number);
      fNext = f(wNext, gNext);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNext < fx)) break;
    const s = new Float64Array(D);
    const yv = new Float64Array(D);
    for (let d = 0; d < D; d++) {
      s[d] = (wNext[d] as number) - (w[d] as number);
      yv[d] = (gNext[d] as number) - (g[d] as number);
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      RHO.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        RHO.shift();
      }
    }
    const improvement = (fx - fNext) / Math.max(1, Math.abs(fx));
    w = wNext;
    g = gNext;
    fx = fNext;
    if (improvement < 1e-9) break;
  }
  return w;
}
