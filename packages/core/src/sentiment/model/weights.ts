import type { FeatureConfig } from "./features";

/**
 * The weights file: a JSON document (bundlers inline it; no file system at run time) holding only the
 * buckets the training set reached, as delta-varint bucket ids plus one int8 weight per (bucket, label),
 * both base64. A linear model over hashed features needs nothing else.
 */
export interface WeightsFile {
  format: "bourse-sentiment/1";
  bits: number;
  labels: string[];
  config: FeatureConfig;
  /** Real weight = int8 × scale. */
  scale: number;
  buckets: string;
  weights: string;
  /** What the training script measured, for people reading the file. */
  trained: Record<string, unknown>;
}

export interface Dense {
  /** weights[bucket * K + k], int8. */
  weights: Int8Array;
  scale: number;
  classes: number;
}

export function encode(
  buckets: Uint32Array,
  weights: Float64Array,
  classes: number,
  meta: Omit<WeightsFile, "format" | "scale" | "buckets" | "weights">,
): WeightsFile {
  const order = Array.from(buckets.keys()).sort((a, b) => (buckets[a] as number) - (buckets[b] as number));
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const ids: number[] = [];
  const q = new Int8Array(order.length * classes);
  let previous = 0;
  order.forEach((row, i) => {
    const bucket = buckets[row] as number;
    for (let delta = bucket - previous; ; delta >>>= 7) {
      if (delta < 0x80) {
        ids.push(delta);
        break;
      }
      ids.push((delta & 0x7f) | 0x80);
    }
    previous = bucket;
    for (let k = 0; k < classes; k++)
      q[i * classes + k] = Math.round((weights[row * classes + k] as number) / scale);
  });
  return {
    format: "bourse-sentiment/1",
    ...meta,
    scale,
    buckets: Buffer.from(Uint8Array.from(ids)).toString("base64"),
    weights: Buffer.from(q.buffer).toString("base64"),
  };
}

export function decode(file: WeightsFile): Dense {
  if (file.format !== "bourse-sentiment/1")
    throw new Error(`sentiment weights: unknown format ${file.format}`);
  const classes = file.labels.length;
  const ids = Buffer.from(file.buckets, "base64");
  const packed = new Int8Array(Buffer.from(file.weights, "base64"));
  const weights = new Int8Array((1 << file.bits) * classes);
  let bucket = 0;
  let row = 0;
  for (let i = 0; i < ids.length; ) {
    let delta = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = ids[i++] as number;
      delta |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    bucket += delta;
    weights.set(packed.subarray(row * classes, (row + 1) * classes), bucket * classes);
    row++;
  }
  if (row * classes !== packed.length) throw new Error("sentiment weights: bucket and weight counts differ");
  return { weights, scale: file.scale, classes };
}
