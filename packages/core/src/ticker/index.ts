export * as Ticker from "./index";

import * as z from "zod";
import { NotFoundError, ValidationError } from "../error";
import { fn } from "../util/fn";
import data from "./tickers.json";

/**
 * The US-listed symbols (NASDAQ, NYSE, NYSE American, NYSE Arca, Cboe BZX), bundled from
 * data/tickers/us-tickers.csv by `pnpm tickers:bundle`. Everything is in memory: the index is built once per
 * instance, on first use, and lookups and typeahead never touch the network.
 */
export const Exchange = z.enum(["AMEX", "BATS", "NASDAQ", "NYSE", "NYSEARCA"]);

export const Info = z.object({
  symbol: z.string().describe("upper-case, ACT/CQS form for classes (BRK.B)"),
  name: z.string(),
  exchange: Exchange,
  etf: z.boolean(),
});
export type Info = z.infer<typeof Info>;

/** A symbol as callers type it: trimmed, upper-cased. */
export const SymbolInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9.$-]{1,10}$/, "1 to 10 of A-Z, 0-9, . $ -");

/** Some of these symbols are not listed (400 when sent in a body). */
export class UnknownTickerError extends ValidationError {
  constructor(readonly unknown: string[]) {
    super(
      `Unknown ticker${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
      { unknown },
      "unknown_ticker",
    );
  }
}

/** The symbol asked for by path is not listed (404). */
export class NoSuchTickerError extends NotFoundError {
  constructor(symbol: string) {
    super(`Unknown ticker: ${symbol}`, "unknown_ticker");
  }
}

interface Index {
  bySymbol: Map<string, Info>;
  /** Every symbol, sorted: a prefix is a contiguous range. */
  symbols: string[];
  /** Every word of every name, lower-case, sorted; `row` into `entries`, `at` the word's offset in `norm`. */
  words: { word: string; row: number; at: number }[];
  entries: { info: Info; norm: string }[];
}

/** Lower-case letters and digits, every other run as one space: how names and queries are compared. */
const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

let built: Index | undefined;

function index(): Index {
  if (built) return built;
  const exchanges = data.exchanges as Info["exchange"][];
  const entries = data.rows.split("\n").map((line) => {
    const [symbol = "", name = "", exchange = "0", etf = "0"] = line.split("\t");
    const info: Info = { symbol, name, exchange: exchanges[Number(exchange)]!, etf: etf === "1" };
    return { info, norm: normalise(name) };
  });
  const words: Index["words"] = [];
  entries.forEach(({ norm }, row) => {
    for (const match of norm.matchAll(/[a-z0-9]+/g)) words.push({ word: match[0], row, at: match.index });
  });
  words.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : a.row - b.row));
  built = {
    bySymbol: new Map(entries.map((e) => [e.info.symbol, e.info])),
    symbols: entries.map((e) => e.info.symbol).sort(),
    words,
    entries,
  };
  return built;
}

/** The first index of a sorted array whose key is ≥ `key`. */
function lowerBound<T>(items: T[], key: string, of: (item: T) => string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (of(items[mid]!) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The listed ticker with this symbol (any case), or undefined. */
export function get(symbol: string): Info | undefined {
  return index().bySymbol.get(symbol.trim().toUpperCase());
}

/** The listed ticker with this symbol, or `unknown_ticker` (404). */
export function known(symbol: string): Info {
  const info = get(symbol);
  if (!info) throw new NoSuchTickerError(symbol.trim().toUpperCase().slice(0, 20));
  return info;
}

/** Throws `unknown_ticker` naming every symbol that is not listed (symbols as given, upper-cased). */
export function assertKnown(symbols: readonly string[]): void {
  const unknown = symbols.map((s) => s.trim().toUpperCase()).filter((s) => !index().bySymbol.has(s));
  if (unknown.length) throw new UnknownTickerError([...new Set(unknown)]);
}

export const SearchInput = z.object({
  q: z.string().trim().min(1).max(60).describe("a symbol's start, or the start of any word of a name"),
  limit: z.number().int().min(1).max(50).default(10),
});

/**
 * Typeahead, best first: the exact symbol, then symbols starting with the query (shortest first), then
 * names with a word starting with it (earliest word first, then the shorter symbol). Case-insensitive.
 */
export const search = /* @__PURE__ */ fn(SearchInput, (input) => searchIndex(input));

function searchIndex({ q, limit }: z.output<typeof SearchInput>): Info[] {
  const { bySymbol, symbols, words, entries } = index();
  const upper = q.toUpperCase();

  // Symbols starting with the query, by length (the exact symbol, if listed, is the one of length 0).
  const bySize: string[][] = Array.from({ length: 11 }, () => []); // symbols are 1–10 characters
  for (let i = lowerBound(symbols, upper, (s) => s); i < symbols.length; i++) {
    const symbol = symbols[i]!;
    if (!symbol.startsWith(upper)) break;
    bySize[symbol.length - upper.length]?.push(symbol);
  }
  const found = bySize.flat();
  // Enough already: names rank below every symbol match, so they need not be looked at.
  if (found.length >= limit) return found.slice(0, limit).map((symbol) => bySymbol.get(symbol)!);

  const phrase = normalise(q);
  const first = phrase.split(" ")[0] ?? "";
  const taken = new Set(found);
  const named = new Map<string, number>(); // symbol → offset of its earliest matching word
  if (first)
    for (let i = lowerBound(words, first, (w) => w.word); i < words.length; i++) {
      const { word, row, at } = words[i]!;
      if (!word.startsWith(first)) break;
      const { info, norm } = entries[row]!;
      if (taken.has(info.symbol) || !norm.startsWith(phrase, at)) continue;
      named.set(info.symbol, Math.min(at, named.get(info.symbol) ?? at));
    }
  // A name that starts with the query beats one whose later word does; then the shorter symbol.
  const ranked = [...named].sort(
    ([a, atA], [b, atB]) => atA - atB || a.length - b.length || (a < b ? -1 : 1),
  );
  return [...found, ...ranked.slice(0, limit - found.length).map(([symbol]) => symbol)].map(
    (symbol) => bySymbol.get(symbol)!,
  );
}
