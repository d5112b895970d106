import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { Label } from "../label";

/**
 * The labelled texts committed under data/ (see each folder's PROVENANCE):
 * - data/tfns: Twitter Financial News Sentiment, label 0 = bearish, 1 = bullish, 2 = neutral; the model
 *   trains on sent_train.csv only, sent_valid.csv is what its figures are reported on;
 * - data/sentiment-hand: hand-written, hand-labelled news and press sentences, never trained on.
 */
export const TFNS_LABELS: Record<string, Label> = { "0": "bearish", "1": "bullish", "2": "neutral" };

export interface Example {
  text: string;
  label: Label;
}

const root = (path: string) => fileURLToPath(new URL(`../../../../../../data/${path}`, import.meta.url));

function read(path: string, labelOf: (raw: string) => Label | undefined): Example[] {
  const parsed = Papa.parse<{ text: string; label: string }>(readFileSync(root(path), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length) throw new Error(`${path}: ${parsed.errors[0]?.message}`);
  return parsed.data.map((row, i) => {
    const label = labelOf(row.label);
    if (!label) throw new Error(`${path} row ${i + 2}: unknown label "${row.label}"`);
    return { text: row.text, label };
  });
}

export const tfns = (split: "train" | "valid") => read(`tfns/sent_${split}.csv`, (raw) => TFNS_LABELS[raw]);

export const handLabelled = () => read("sentiment-hand/headlines.csv", (raw) => Label.safeParse(raw).data);
