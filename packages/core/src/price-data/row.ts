import * as z from "zod";

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

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

const present = (value: unknown) => value !== undefined && value !== null && value !== "";

/** A finite number from a number or a decimal string; NaN for anything else (and for absent). */
function numberOf(value: unknown): number {
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== "string" || !NUMBER.test(value)) return Number.NaN;
  return Number(value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `text` from `from` to `to` (exclusive) as a number, or -1 if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The day `YYYY-MM-DD` of a well-formed, real calendar date (and time `HH:MM[:SS]`), else undefined. */
function dayOf(value: string): string | undefined {
  if (value.length < 10 || value[4] !== "-" || value[7] !== "-") return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return undefined;
  if (value.length > 10 && !TIME.test(value.slice(10))) return undefined;
  return value.slice(0, 10);
}

const TIME = /^[ T](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

/** Bit i of a row's reasons is REASONS[i]. */
const MISSING = 1 << 0;

export type Outcome = { valid: Valid } | { reasons: Reason[] };

/**
 * Checks rows in file order. Keeps the (symbol, datetime) pairs already accepted, so a later row for the
 * same symbol and time is a `duplicate`; the first one stays valid.
 */
export class Validator {
  private readonly seen = new Set<string>();
  /** Files repeat the same days for every symbol: each datetime is checked once. */
  private readonly days = new Map<string, string | null>();

  /** `today` is the UTC day (YYYY-MM-DD) after which a row is in the future. */
  constructor(private readonly today: string) {}

  private dayOf(datetime: string): string | null {
    let day = this.days.get(datetime);
    if (day === undefined) {
      day = dayOf(datetime) ?? null;
      if (this.days.size < 100_000) this.days.set(datetime, day);
    }
    return day;
  }

  check(raw: Raw): Outcome {
    // Written for speed (it runs once per row of 20 MB files): reasons are bits until one is found.
    let bits = 0;
    const { symbol, datetime } = raw;
    if (!present(symbol) || !present(datetime)) bits |= MISSING;
    const open = this.number(raw.open);
    const high = this.number(raw.high);
    const low = this.number(raw.low);
    const close = this.number(raw.close);
    const volume = this.number(raw.volume);
    bits |= this.fieldBits;
    this.fieldBits = 0;
    // Comparisons with NaN are false: a missing or unreadable field takes part in no rule below.
    if (open <= 0 || high <= 0 || low <= 0 || close <= 0) bits |= 1 << 2;
    if (high < open || high < close || high < low) bits |= 1 << 3;
    if (low > open || low > close || low > high) bits |= 1 << 4;
    if (volume < 0) bits |= 1 << 5;

    const name = typeof symbol === "string" ? symbol.trim() : String(symbol);
    let key: string | undefined;
    if (present(datetime)) {
      const day = typeof datetime === "string" ? this.dayOf(datetime) : null;
      if (day === null) bits |= 1 << 6;
      else if (day > this.today) bits |= 1 << 7;
      else {
        key = `${name}\u0000${datetime as string}`;
        if (this.seen.has(key)) bits |= 1 << 8;
      }
    }
    if (bits) return { reasons: REASONS.filter((_, i) => bits & (1 << i)) };
    this.seen.add(key as string);
    return { valid: { symbol: name, datetime: datetime as string, open, high, low, close, volume } };
  }

  /** Reasons found while reading the row's numbers (missing_field, not_a_number). */
  private fieldBits = 0;

  private number(value: unknown): number {
    if (!present(value)) {
      this.fieldBits |= MISSING;
      return Number.NaN;
    }
    const n = numberOf(value);
    if (Number.isNaN(n)) this.fieldBits |= 1 << 1;
    return n;
  }
}
