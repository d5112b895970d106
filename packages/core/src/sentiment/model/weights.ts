import type { FeatureConfig } from "./features";

/**
 * The weights file: a JSON document (bundlers inline it; no file system at run time) holding only the
 * buckets the training set reached, as delta-varint bucket ids plus one int16 weight per (bucket, label),
 * little-endian, both base64. A linear model over hashed features needs nothing else.
 */
export interface WeightsFile {
  format: "bourse-sentiment/2";
  bits: number;
  labels: string[];
  config: FeatureConfig;
  /** Real weight = int16 × scale. */
  scale: number;
  buckets: string;
  weights: string;
  /** What the training script measured, for people reading the file. */
  trained: Record<string, unknown>;
}

export interface Dense {
  /** weights[bucket * K + k], int16 (3 × 2^bits of them: 6 MiB of memory at 20 bits). */
  weights: Int16Array;
  scale: number;
  classes: number;
}

const FORMAT = "bourse-sentiment/2";

export function encode(
  buckets: Uint32Array,
  weights: Float64Array,
  classes: number,
  meta: Omit<WeightsFile, "format" | "scale" | "buckets" | "weights">,
): WeightsFile {
  const order = Array.from(buckets.keys()).sort((a, b) => (buckets[a] as number) - (buckets[b] as number));
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const scale = max / 32767 || 1;
  const ids: number[] = [];
  const packed = Buffer.alloc(order.length * classes * 2);
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
      packed.writeInt16LE(Math.round((weights[row * classes + k] as number) / scale), (i * classes + k) * 2);
  });
  return {
    format: FORMAT,
    ...meta,
    scale,
    buckets: Buffer.from(Uint8Array.from(ids)).toString("base64"),
    weights: packed.toString("base64"),
  };
}

export function decode(file: WeightsFile): Dense {
  if (file.format !== FORMAT) throw new Error(`sentiment weights: unknown format ${file.format}`);
  const classes = file.labels.length;
  const ids = Buffer.from(file.buckets, "base64");
  const packed = Buffer.from(file.weights, "base64");
  const weights = new Int16Array((1 << file.bits) * classes);
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
    for (let k = 0; k < classes; k++)
      weights[bucket * classes + k] = packed.readInt16LE((row * classes + k) * 2);
    row++;
  }
  if (row * classes * 2 !== packed.length)
    throw new Error("sentiment weights: bucket and weight counts differ");
  return { weights, scale: file.scale, classes };
}
