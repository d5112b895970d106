/**
 * Text → sparse feature vector, shared by training (scripts/sentiment/train.ts) and scoring, so both see
 * exactly the same features. Tweets carry artefacts that news and press text do not (links, cashtags,
 * handles, figures): they become placeholder tokens so the model learns "a figure" rather than "3.2%".
 */
import { BEARISH_TERMS, BULLISH_TERMS } from "./terms";

/** The feature space: hashed buckets, `2^BITS` of them. */
export const BITS = 20;
const MASK = (1 << BITS) - 1;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'" };

/** Lower-case text with tweet artefacts replaced by placeholder words (`xurl`, `xticker`, `xnum`, …). */
export function normalise(text: string): string {
  return (
    text
      .normalize("NFKC")
      .replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? " ")
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u2212\u2013]/g, "-")
      .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " xurl ")
      // Money before cashtags: "$12.5B" is an amount, "$AAPL" a ticker.
      .replace(/[$€£]\s?\d[\d,.]*\s?(?:[kmb]n?|million|billion|trillion)?\b/gi, " xmoney ")
      .replace(/\$[a-z][a-z0-9._-]{0,9}\b/gi, " xticker ")
      .replace(/(^|\s)@\w{1,30}(?:'s)?/g, " xuser ")
      .replace(/#(\w+)/g, " $1 ")
      // The sign of a move is its sentiment: "-4%" and "+4%" keep it as a word.
      .replace(
        /(^|[\s(])([+-])(?=\d)/g,
        (_, pre: string, sign: string) => `${pre} ${sign === "+" ? "xup" : "xdown"} `,
      )
      .replace(/[\u{1F4C8}\u{1F680}\u2191\u2b06\u25b2]/gu, " xup ")
      .replace(/[\u{1F4C9}\u2193\u2b07\u25bc]/gu, " xdown ")
      .replace(/\d[\d,.]*\s?%/g, " xnum xpct ")
      .replace(/\d[\d,.:]*(?:st|nd|rd|th|[kmb])?\b/gi, " xnum ")
      .toLowerCase()
      // Upper-case tickers without a `$` (NYSE:IBM, "(AAPL)") are left as words: too ambiguous to strip.
      .replace(/[^a-z'\s]+/g, " ")
      .replace(/'(?![a-z])|(?<![a-z])'/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

export function tokens(normalised: string): string[] {
  return normalised ? normalised.split(" ") : [];
}

/** 32-bit FNV-1a over UTF-16 code units of s[from, to), continuing from `h`: no substring is built. */
function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
const SEED = 0x811c9dc5;
const seedOf = (prefix: string) => fnv(SEED, prefix);
const CHAR_SEED = seedOf("c:");
const WORD_SEEDS = [1, 2, 3, 4].map((n) => seedOf(`w${n}:`));
const bucketOf = (h: number) => (h >>> 0) & MASK;
const BULL = bucketOf(seedOf("t:bull"));
const BEAR = bucketOf(seedOf("t:bear"));
/** The constant feature (value 1) that plays the bias. */
export const BIAS_BUCKET = bucketOf(seedOf("bias"));

/** The knobs that shape features; stored with the weights so scoring always matches training. */
export interface FeatureConfig {
  /** Word n-gram orders, e.g. [1, 2]. */
  words: number[];
  /** Character n-gram range within words padded by spaces, e.g. [2, 5]. */
  chars: [number, number];
  /** Relative weight of the character block against the word block (each L2-normalised). */
  charWeight: number;
  /** Weight of the phrase-list counts. */
  termWeight: number;
  /**
   * Weight of the word-vector block (the mean of the text's word vectors; off when absent): each known
   * word adds `embedWeight / words` times its learnt per-label weights (the weights file's `words`).
   */
  embedWeight?: number;
  /**
   * Weight of the pooled word-score block (off when absent): per label, the highest and the lowest score
   * among the text's known words (`pool`), so one strong word counts even in a long text, where the mean
   * dilutes it. The word scores (the weights file's `pooled`) are a word-vector model's, folded per word.
   */
  poolWeight?: number;
}

export interface Features {
  index: Uint32Array;
  value: Float32Array;
  /** The text's words, for the word-vector block. */
  words: string[];
}

/** A word's key in the word-vector vocabulary: the possessive dropped ("company's" → "company"). */
export const vectorKey = (word: string) => (word.endsWith("'s") ? word.slice(0, -2) : word);

/** Sublinear term frequency of each bucket, the block scaled to unit length times its weight. */
function addBlock(into: Map<number, number>, counts: Map<number, number>, weight: number) {
  if (counts.size === 0 || weight === 0) return;
  let norm = 0;
  for (const [bucket, count] of counts) {
    const v = 1 + Math.log(count);
    counts.set(bucket, v);
    norm += v * v;
  }
  const scale = weight / Math.sqrt(norm);
  for (const [bucket, v] of counts) into.set(bucket, (into.get(bucket) ?? 0) + v * scale);
}

const count = (counts: Map<number, number>, h: number) => {
  const bucket = bucketOf(h);
  counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
};

const spacedTerms = (terms: readonly string[]) => terms.map((t) => ` ${t} `);
const BULL_TERMS = spacedTerms(BULLISH_TERMS);
const BEAR_TERMS = spacedTerms(BEARISH_TERMS);

function termCount(spaced: string, terms: readonly string[]): number {
  let n = 0;
  for (const term of terms) if (spaced.includes(term)) n++;
  return n;
}

/** The sparse features of one text (indices unique, unsorted). */
export function featurize(text: string, config: FeatureConfig): Features {
  const normalised = normalise(text);
  const words = tokens(normalised);
  const out = new Map<number, number>();

  const grams = new Map<number, number>();
  const padded = ["<s>", ...words, "</s>"];
  for (const n of config.words) {
    const seq = n === 1 ? words : padded;
    for (let i = 0; i + n <= seq.length; i++) {
      let h = WORD_SEEDS[n - 1] ?? seedOf(`w${n}:`);
      for (let j = i; j < i + n; j++) h = fnv(j > i ? fnv(h, " ") : h, seq[j] as string);
      count(grams, h);
    }
  }
  addBlock(out, grams, 1);

  const chars = new Map<number, number>();
  const [lo, hi] = config.chars;
  for (const word of words) {
    const w = ` ${word} `;
    for (let n = lo; n <= hi; n++)
      for (let i = 0; i + n <= w.length; i++) count(chars, fnv(CHAR_SEED, w, i, i + n));
  }
  addBlock(out, chars, config.charWeight);

  if (config.termWeight > 0) {
    const spaced = ` ${normalised} `;
    const bull = termCount(spaced, BULL_TERMS);
    const bear = termCount(spaced, BEAR_TERMS);
    if (bull) out.set(BULL, (out.get(BULL) ?? 0) + config.termWeight * Math.min(bull, 3));
    if (bear) out.set(BEAR, (out.get(BEAR) ?? 0) + config.termWeight * Math.min(bear, 3));
  }
  // A constant feature plays the bias.
  out.set(BIAS_BUCKET, 1);

  const index = new Uint32Array(out.size);
  const value = new Float32Array(out.size);
  let i = 0;
  for (const [k, v] of out) {
    index[i] = k;
    value[i] = v;
    i++;
  }
  return { index, value, words };
}

/**
 * The pooled block's 2K values: [max over known words of score k, for each k; then min, for each k], where
 * word row r's score k is `scores[r * K + k] * scale`; all zero when no word is known.
 */
export function pool(
  words: readonly string[],
  rows: ReadonlyMap<string, number>,
  scores: ArrayLike<number>,
  scale: number,
  classes: number,
): Float64Array {
  const out = new Float64Array(2 * classes).fill(Number.NaN);
  for (const word of words) {
    const row = rows.get(vectorKey(word));
    if (row === undefined) continue;
    for (let k = 0; k < classes; k++) {
      const v = (scores[row * classes + k] as number) * scale;
      if (!(v <= (out[k] as number))) out[k] = v;
      if (!(v >= (out[classes + k] as number))) out[classes + k] = v;
    }
  }
  return out.map((v) => (Number.isNaN(v) ? 0 : v));
}
