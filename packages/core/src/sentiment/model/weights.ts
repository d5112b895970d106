import type { FeatureConfig } from "./features";

/**
 * The weights file: a JSON document (bundlers inline it; no file system at run time) holding only the
 * buckets the training set reached, as delta-varint bucket ids plus one int16 weight per (bucket, label),
 * little-endian, both base64; and the word-vector block folded into per-word weights (`words`).
 */
export interface WeightsFile {
  format: "bourse-sentiment/3";
  bits: number;
  labels: string[];
  config: FeatureConfig;
  /** Real weight = int16 × scale. */
  scale: number;
  buckets: string;
  weights: string;
  /**
   * The word-vector block: the model is linear in the mean word vector, so each vocabulary word's
   * vector times the learnt matrix is one int16 weight per label (× `scale`): the vectors never ship.
   */
  words?: { vocabulary: string; scale: number; weights: string; pooled?: Pooled };
  /** What the training script measured, for people reading the file. */
  trained: Record<string, unknown>;
}

/**
 * The pooled word-score block: each vocabulary word's score per label (int16 × `scale`, rows as in
 * `vocabulary`), and the 2K × K weights of the block's values (`pool` in features.ts) per label.
 */
export interface Pooled {
  scale: number;
  weights: string;
  matrix: number[];
}

export interface Dense {
  /** weights[bucket * K + k], int16 (3 × 2^bits of them: 6 MiB of memory at 20 bits). */
  weights: Int16Array;
  scale: number;
  classes: number;
  /** The per-word weights of the word-vector block: row of each word, weights[row * K + k] × scale. */
  words?: {
    rows: Map<string, number>;
    weights: Int16Array;
    scale: number;
    pooled?: { scores: Int16Array; scale: number; matrix: Float64Array };
  };
}

/** Sorted bucket ids as delta varints. */
function encodeIds(sorted: ArrayLike<number>): string {
  const ids: number[] = [];
  let previous = 0;
  for (let i = 0; i < sorted.length; i++) {
    const bucket = sorted[i] as number;
    for (let delta = bucket - previous; ; delta >>>= 7) {
      if (delta < 0x80) {
        ids.push(delta);
        break;
      }
      ids.push((delta & 0x7f) | 0x80);
    }
    previous = bucket;
  }
  return Buffer.from(Uint8Array.from(ids)).toString("base64");
}

function decodeIds(base64: string): number[] {
  const ids = Buffer.from(base64, "base64");
  const out: number[] = [];
  let bucket = 0;
  for (let i = 0; i < ids.length; ) {
    let delta = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = ids[i++] as number;
      delta |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    bucket += delta;
    out.push(bucket);
  }
  return out;
}

const FORMAT = "bourse-sentiment/3";

/** One int16 per value, little-endian, base64, and the scale that maps them back. */
function quantise(values: Float64Array): { scale: number; packed: Buffer } {
  let max = 0;
  for (const w of values) max = Math.max(max, Math.abs(w));
  const scale = max / 32767 || 1;
  const packed = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => {
    packed.writeInt16LE(Math.round(v / scale), i * 2);
  });
  return { scale, packed };
}

/** The word-vector block's section: `weights[row * K + k]` is word `vocabulary[row]`'s weight for label k. */
export function encodeWords(
  vocabulary: string[],
  weights: Float64Array,
  pooled?: { scores: Float64Array; matrix: Float64Array },
): NonNullable<WeightsFile["words"]> {
  const { scale, packed } = quantise(weights);
  const scores = pooled && quantise(pooled.scores);
  return {
    vocabulary: vocabulary.join(" "),
    scale,
    weights: packed.toString("base64"),
    ...(pooled &&
      scores && {
        pooled: {
          scale: scores.scale,
          weights: scores.packed.toString("base64"),
          matrix: Array.from(pooled.matrix),
        },
      }),
  };
}

const int16s = (base64: string) => {
  const packed = Buffer.from(base64, "base64");
  const out = new Int16Array(packed.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = packed.readInt16LE(i * 2);
  return out;
};

export function encode(
  buckets: Uint32Array,
  weights: Float64Array,
  classes: number,
  meta: Omit<WeightsFile, "format" | "scale" | "buckets" | "weights">,
): WeightsFile {
  const order = Array.from(buckets.keys()).sort((a, b) => (buckets[a] as number) - (buckets[b] as number));
  const sorted = new Float64Array(weights.length);
  order.forEach((row, i) => {
    sorted.set(weights.subarray(row * classes, (row + 1) * classes), i * classes);
  });
  const { scale, packed } = quantise(sorted);
  return {
    format: FORMAT,
    ...meta,
    scale,
    buckets: encodeIds(order.map((row) => buckets[row] as number)),
    weights: packed.toString("base64"),
  };
}

export function decode(file: WeightsFile): Dense {
  if (file.format !== FORMAT) throw new Error(`sentiment weights: unknown format ${file.format}`);
  const classes = file.labels.length;
  const buckets = decodeIds(file.buckets);
  const packed = Buffer.from(file.weights, "base64");
  if (buckets.length * classes * 2 !== packed.length)
    throw new Error("sentiment weights: bucket and weight counts differ");
  const weights = new Int16Array((1 << file.bits) * classes);
  buckets.forEach((bucket, row) => {
    for (let k = 0; k < classes; k++)
      weights[bucket * classes + k] = packed.readInt16LE((row * classes + k) * 2);
  });
  return {
    weights,
    scale: file.scale,
    classes,
    ...(file.words && { words: decodeWords(file.words, classes) }),
  };
}

function decodeWords(
  section: NonNullable<WeightsFile["words"]>,
  classes: number,
): NonNullable<Dense["words"]> {
  const vocabulary = section.vocabulary ? section.vocabulary.split(" ") : [];
  const weights = int16s(section.weights);
  const scores = section.pooled && int16s(section.pooled.weights);
  if (weights.length !== vocabulary.length * classes || (scores && scores.length !== weights.length))
    throw new Error("sentiment weights: word and word-weight counts differ");
  if (section.pooled && section.pooled.matrix.length !== 2 * classes * classes)
    throw new Error("sentiment weights: the pooled block's matrix is not 2K × K");
  return {
    rows: new Map(vocabulary.map((w, i) => [w, i])),
    weights,
    scale: section.scale,
    ...(section.pooled &&
      scores && {
        pooled: { scores, scale: section.pooled.scale, matrix: Float64Array.from(section.pooled.matrix) },
      }),
  };
}
