import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate";
import { normalise, pool } from "./features";
import * as SentimentModel from "./index";
import { tfns } from "./testing/datasets";
import { decode, encode, encodeWords, type WeightsFile } from "./weights";
import file from "./weights.json";

describe("SentimentModel.score", () => {
  it.each([
    ["Acme Corp beats earnings estimates and raises full-year guidance", "bullish"],
    ["Goldman upgrades Acme to Buy, lifts price target", "bullish"],
    ["Acme shares plunge after the company cuts its outlook", "bearish"],
    ["Acme downgraded to Sell at Morgan Stanley", "bearish"],
    ["Acme to report third-quarter results on October 24", "neutral"],
    ["Acme appoints a new chief financial officer", "neutral"],
  ])("labels a clear case: %s", (text, label) => {
    const result = SentimentModel.score(text);
    expect(result.label).toBe(label);
    if (label === "bullish") expect(result.score).toBeGreaterThan(0.3);
    if (label === "bearish") expect(result.score).toBeLessThan(-0.3);
  });

  it("keeps any text's result in the Score schema ([-1, 1], a known label)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: "grapheme" }), (text) => {
        expect(SentimentModel.Score.parse(SentimentModel.score(text))).toBeTruthy();
      }),
      { numRuns: 300 },
    );
    expect(SentimentModel.score("").label).toBe("neutral");
  });

  it("is deterministic, and the score is P(bullish) − P(bearish)", () => {
    const text = "$TSLA - Tesla deliveries top estimates https://t.co/abc";
    expect(SentimentModel.score(text)).toEqual(SentimentModel.score(text));
    const p = SentimentModel.probabilities(text);
    expect(p.bullish + p.bearish + p.neutral).toBeCloseTo(1, 9);
    expect(SentimentModel.score(text).score).toBeCloseTo(p.bullish - p.bearish, 12);
  });

  it("scoreAll keeps the order of its texts", () => {
    const texts = ["Acme shares plunge after downgrade", "Acme beats estimates", "Acme names a new CFO"];
    const all = SentimentModel.scoreAll(texts);
    expect(all).toEqual(texts.map((t) => SentimentModel.score(t)));
    expect(all.map((r) => r.label)).toEqual(["bearish", "bullish", "neutral"]);
    expect(SentimentModel.scoreAll([])).toEqual([]);
  });
});

describe("the word-vector block", () => {
  // Words sent_train.csv never has: only their GloVe neighbours ("slump", "profit", …) can place them.
  // Not every such word lands right: "outpaced", checked with these, leans bearish (its neighbours in
  // general news text are not market moves).
  it.each([
    ["insolvent", "bearish"],
    ["bankrupted", "bearish"],
    ["slumping", "bearish"],
    ["lucrative", "bullish"],
    ["flourishing", "bullish"],
  ])("leans %s, a word the training set never had, %s", (word, label) => {
    expect(tfns("train").some((e) => e.text.toLowerCase().includes(word))).toBe(false);
    const weights = file as unknown as WeightsFile;
    const words = decode(weights).words;
    const row = words?.rows.get(word);
    expect(row).toBeDefined();
    const weight = (l: string) =>
      words?.weights[(row as number) * weights.labels.length + weights.labels.indexOf(l)] as number;
    const other = label === "bullish" ? "bearish" : "bullish";
    expect(weight(label)).toBeGreaterThan(weight(other));
  });
});

describe("the pooled word-score block", () => {
  it("takes each label's highest and lowest score among the known words, possessives dropped", () => {
    const rows = new Map([
      ["beats", 0],
      ["acme", 1],
    ]);
    const scores = [2, -1, 0, 0, 1, 3];
    expect(Array.from(pool(["acme's", "unknown", "beats"], rows, scores, 0.5, 3))).toEqual([
      1, 0.5, 1.5, 0, -0.5, 0,
    ]);
    expect(Array.from(pool(["unknown"], rows, scores, 0.5, 3))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("round-trips through the weights file", () => {
    const scores = Float64Array.from([0.5, -0.25, 0, -1, 1, 0.125]);
    const matrix = Float64Array.from({ length: 18 }, (_, i) => i / 7);
    const words = encodeWords(["beats", "misses"], scores, { scores, matrix });
    const file = encode(Uint32Array.from([1]), Float64Array.from([0, 0, 0]), 3, {
      bits: 4,
      labels: ["a", "b", "c"],
      config: {} as never,
      words,
      trained: {},
    });
    const pooled = decode(file).words?.pooled;
    expect(Array.from(pooled?.matrix ?? [])).toEqual(Array.from(matrix));
    scores.forEach((w, i) => {
      expect((pooled?.scores[i] as number) * (pooled?.scale as number)).toBeCloseTo(w, 4);
    });
  });
});

describe("normalisation", () => {
  it("turns tweet artefacts into placeholder tokens", () => {
    expect(
      normalise("$AAPL up 5.2% to $180.50 after @jimcramer's call https://t.co/XyZ #Earnings &amp; more"),
    ).toBe("xticker up xnum xpct to xmoney after xuser call xurl earnings more");
  });

  it("scores a headline the same whichever ticker, link or handle it carries", () => {
    const a = SentimentModel.score("$AAPL - Apple beats on revenue https://t.co/aaaa via @alice");
    const b = SentimentModel.score("$MSFT - Apple beats on revenue https://t.co/bbbbbbb via @bob");
    expect(a).toEqual(b);
  });
});

describe("the weights file", () => {
  it("round-trips through the compact format", () => {
    const buckets = Uint32Array.from([5, 1, 300_000, 70]);
    const weights = Float64Array.from([1, -2, 0.5, 0, 0, 0, -1.27, 1.27, 0.005, 2.54, -2.54, 0]);
    const file = encode(buckets, weights, 3, {
      bits: 20,
      labels: ["a", "b", "c"],
      config: {} as never,
      trained: {},
    });
    const dense = decode(file);
    for (const [row, bucket] of buckets.entries())
      for (let k = 0; k < 3; k++)
        expect((dense.weights[bucket * 3 + k] as number) * dense.scale).toBeCloseTo(
          weights[row * 3 + k] as number,
          3,
        );
    // Every other bucket weighs nothing.
    expect(dense.weights.filter((w) => w !== 0).length).toBe(weights.filter((w) => w !== 0).length);
  });

  it("round-trips the per-word weights of the word-vector block", () => {
    const wordWeights = Float64Array.from([0.5, -0.25, 0, -1, 1, 0.125]);
    const file = encode(Uint32Array.from([1]), Float64Array.from([0, 0, 0]), 3, {
      bits: 4,
      labels: ["a", "b", "c"],
      config: {} as never,
      words: encodeWords(["beats", "misses"], wordWeights),
      trained: {},
    });
    const words = decode(file).words;
    expect(words?.rows).toEqual(
      new Map([
        ["beats", 0],
        ["misses", 1],
      ]),
    );
    wordWeights.forEach((w, i) => {
      expect((words?.weights[i] as number) * (words?.scale as number)).toBeCloseTo(w, 4);
    });
  });

  /**
   * The goal: accuracy ≥ 0.85 and macro-F1 ≥ 0.80 on sent_valid.csv, never trained on (the committed
   * weights measure 0.861 / 0.808; 0.853 / 0.797 before the pooled word-score block).
   */
  it("reaches the goal on sent_valid.csv: accuracy ≥ 0.85, macro-F1 ≥ 0.80", () => {
    const valid = tfns("valid");
    expect(valid.length).toBe(2388);
    const result = evaluate(
      SentimentModel.scoreAll(valid.map((e) => e.text)).map((s) => s.label),
      valid.map((e) => e.label),
    );
    expect(result.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(result.macroF1).toBeGreaterThanOrEqual(0.8);
  });
});

describe("evaluate", () => {
  it("computes accuracy, macro-F1 and the confusion matrix", () => {
    const e = evaluate(
      ["bullish", "bullish", "bearish", "neutral"],
      ["bullish", "bearish", "bearish", "neutral"],
    );
    expect(e.accuracy).toBe(0.75);
    // bullish F1 = 2/3, bearish 2/3, neutral 1
    expect(e.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 12);
    expect(e.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });
});
