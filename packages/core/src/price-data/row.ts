import { z } from "zod";

/**
 * One price row and the rules a row must pass. No server dependency: the upload page shows the same
 * reasons. Validation is hand-written (no schema per row) because it runs once per row of 20 MB files.
 */

export const REASONS = [
  "missing_field",
  "not_a_number",
  "non_positive_price",
  "high_below_range",
  "low_above_range",
  "negative_volume",
  "bad_date",
  "future_date",
  "duplicate",
] as const;
export const Reason = z.enum(REASONS);
export type Reason = z.infer<typeof Reason>;

/** A row as it passed: numbers, its symbol and its trading day. */
export const Valid = z.object({
  symbol: z.string(),
  datetime: z.string().describe("YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS for intraday rows)"),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
});
export type Valid = z.infer<typeof Valid>;

/** A row refused, with every reason it was refused for and the row as it came. */
export const Reject = z.object({
  index: z.number().int().describe("0-based position of the row in the file"),
  symbol: z.string().nullable(),
  datetime: z.string().nullable(),
  reasons: z.array(Reason).min(1),
  row: z.unknown().describe("the row as it was in the file"),
});
export type Reject = z.infer<typeof Reject>;

/** A row as parsing hands it over: the fields by name (strings or numbers), whatever the format. */
export interface Raw {
  symbol?: unknown;
  datetime?: unknown;
  open?: unknown;
  high?: unknown;
  low?: unknown;
  close?: unknown;
  volume?: unknown;
}

const PRICE_FIELDS = ["open", "high", "low", "close"] as const;
const FIELDS = ["symbol", "datetime", ...PRICE_FIELDS, "volume"] as const;
const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && NUMBER.test(value)) return Number(value);
  return undefined;
}

/** The day `YYYY-MM-DD` of a well-formed, real calendar date (and time), else undefined. */
function dayOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const time = m[4] === undefined || (Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6] ?? 0) < 60);
  return real && time ? value.slice(0, 10) : undefined;
}

export type Outcome = { valid: Valid } | { reasons: Reason[] };

/**
 * Checks rows in file order. Keeps the (symbol, datetime) pairs already accepted, so a later row for the
 * same symbol and time is a `duplicate`; the first one stays valid.
 */
export class Validator {
  private readonly seen = new Set<string>();

  /** `today` is the UTC day (YYYY-MM-DD) after which a row is in the future. */
  constructor(private readonly today: string) {}

  check(raw: Raw): Outcome {
    const reasons: Reason[] = [];
    const add = (reason: Reason) => {
      if (!reasons.includes(reason)) reasons.push(reason);
    };
    for (const field of FIELDS) if (!present(raw[field])) add("missing_field");

    const num: Partial<Record<(typeof PRICE_FIELDS)[number] | "volume", number>> = {};
    for (const field of [...PRICE_FIELDS, "volume"] as const) {
      if (!present(raw[field])) continue;
      const value = numberOf(raw[field]);
      if (value === undefined) add("not_a_number");
      else num[field] = value;
    }
    for (const field of PRICE_FIELDS) if (num[field] !== undefined && num[field] <= 0) add("non_positive_price");
    const { open, high, low, close, volume } = num;
    const others = (...values: (number | undefined)[]) => values.filter((v) => v !== undefined) as number[];
    if (high !== undefined) {
      const below = others(open, close, low);
      if (below.length && high < Math.max(...below)) add("high_below_range");
    }
    if (low !== undefined) {
      const above = others(open, close, high);
      if (above.length && low > Math.min(...above)) add("low_above_range");
    }
    if (volume !== undefined && volume < 0) add("negative_volume");

    const symbol = typeof raw.symbol === "string" ? raw.symbol.trim() : raw.symbol;
    let key: string | undefined;
    if (present(raw.datetime)) {
      const day = dayOf(raw.datetime);
      if (day === undefined) add("bad_date");
      else if (day > this.today) add("future_date");
      else key = `${String(symbol)}\u0000${raw.datetime as string}`;
    }
    if (key !== undefined && this.seen.has(key)) add("duplicate");

    if (reasons.length) return { reasons };
    this.seen.add(key as string);
    return {
      valid: {
        symbol: symbol as string,
        datetime: raw.datetime as string,
        open: open as number,
        high: high as number,
        low: low as number,
        close: close as number,
        volume: volume as number,
      },
    };
  }
}
