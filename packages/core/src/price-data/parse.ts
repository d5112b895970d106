import type { Readable } from "node:stream";
import Papa from "papaparse";
import type { Raw } from "./row";

/**
 * Reading an uploaded file into rows, whatever its format: Twelve Data `/time_series` JSON (one symbol),
 * Twelve Data batch JSON (`{ "AAPL": { meta, values, status }, ... }`), or CSV with a header
 * `Date,Open,High,Low,Close[,Adj Close],Volume[,Symbol]`. A file that is none of these raises
 * `Unparseable` with a reason for the person who sent it.
 */

export class Unparseable extends Error {
  readonly code = "unparseable";
}

export type Format = "json" | "csv";

/** One row of the file: the fields the rules read, and the row exactly as it was. */
export interface Parsed {
  raw: Raw;
  row: unknown;
}

/** A symbol as a file name gives it (`AAPL.csv` → `AAPL`), if the name is one. */
export function symbolOfFilename(filename: string): string | undefined {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.[^.]*$/, "").trim();
  return /^[A-Za-z0-9][A-Za-z0-9.^-]{0,19}$/.test(stem) ? stem.toUpperCase() : undefined;
}

/** Rows are handed over this many at a time: one await per row would cost more than checking it. */
const BATCH = 1000;

/** The rows of `body`, in file order, a batch at a time. */
export async function* rowsOf(body: Readable, format: Format, filename: string): AsyncGenerator<Parsed[]> {
  if (format === "csv") yield* csvRows(body, filename);
  else yield* batches(jsonRows(await jsonOf(body), filename));
}

function* batches<T>(items: Iterable<T>): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * JSON has no row boundaries to stream on: the text (at most 20 MB, the upload policy) is parsed once, its
 * bytes dropped, then rows are handed over a batch at a time while the output is streamed.
 */
async function jsonOf(body: Readable): Promise<unknown> {
  // Decoded chunk by chunk into one string: no array of chunks and no concatenated copy of the bytes.
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of body) text += decoder.decode(chunk as Buffer, { stream: true });
  text += decoder.decode();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Unparseable(`The file is not valid JSON (${(error as Error).message})`);
  }
}

function* jsonRows(document: unknown, filename: string): Generator<Parsed> {
  for (const [symbol, series] of seriesOf(document, filename)) {
    for (const value of series.values as unknown[]) {
      const fields = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
      yield {
        raw: {
          symbol,
          datetime: fields.datetime,
          open: fields.open,
          high: fields.high,
          low: fields.low,
          close: fields.close,
          volume: fields.volume,
        },
        row: value,
      };
    }
  }
}

type Series = { meta?: { symbol?: unknown }; values: unknown[]; status?: unknown; message?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isSeries = (v: unknown): v is Series => isObject(v) && Array.isArray(v.values);

/** Each symbol's series of a single or batch document. */
function seriesOf(document: unknown, filename: string): [string | undefined, Series][] {
  const refused = (series: unknown, symbol?: string) => {
    if (!isObject(series) || series.status !== "error") return;
    const said = typeof series.message === "string" ? `: ${series.message.slice(0, 200)}` : "";
    throw new Unparseable(`The file is a Twelve Data error answer${symbol ? ` for ${symbol}` : ""}${said}`);
  };
  if (isSeries(document)) {
    const meta = document.meta?.symbol;
    const symbol = typeof meta === "string" && meta.trim() ? meta.trim() : symbolOfFilename(filename);
    if (!symbol) throw new Unparseable("The file has no meta.symbol and its name is not a symbol");
    return [[symbol, document]];
  }
  refused(document);
  if (isObject(document)) {
    const entries = Object.entries(document);
    if (entries.length && entries.every(([, series]) => isSeries(series) || isObject(series))) {
      const out: [string, Series][] = [];
      for (const [key, series] of entries) {
        refused(series, key);
        if (!isSeries(series)) break;
        const meta = series.meta?.symbol;
        out.push([typeof meta === "string" && meta.trim() ? meta.trim() : key, series]);
      }
      if (out.length === entries.length) return out;
    }
  }
  throw new Unparseable(
    "The JSON is not a Twelve Data time series ({ meta, values, status }) nor a batch of them ({ SYMBOL: { meta, values } })",
  );
}

const REQUIRED = ["date", "open", "high", "low", "close", "volume"];

/**
 * CSV, streamed: papaparse reads the body chunk by chunk and is paused while a chunk's rows are checked
 * and written, so a file is never held whole.
 */
async function* csvRows(body: Readable, filename: string): AsyncGenerator<Parsed[]> {
  // The header as written (a short row lacks keys, so the first record cannot tell).
  const columns: string[] = [];
  const queue: Record<string, unknown>[][] = [];
  let finished = false;
  let failure: Error | undefined;
  let parser: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  Papa.parse(body as unknown as File, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h: string) => {
      const name = h.trim().toLowerCase();
      columns.push(name);
      return name;
    },
    chunk: (results: Papa.ParseResult<Record<string, unknown>>, p: Papa.Parser) => {
      parser = p;
      queue.push(results.data);
      p.pause();
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (error: Error) => {
      failure = error;
      finished = true;
      notify();
    },
  });

  let checked = false;
  let fileSymbol: string | undefined;
  for (;;) {
    const records = queue.shift();
    if (!records) {
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      continue;
    }
    if (!checked && records.length) {
      const missing = REQUIRED.filter((c) => !columns.includes(c));
      if (missing.length)
        throw new Unparseable(
          `The CSV header lacks ${missing.join(", ")}: it must be Date,Open,High,Low,Close[,Adj Close],Volume[,Symbol]`,
        );
      if (!columns.includes("symbol")) {
        fileSymbol = symbolOfFilename(filename);
        if (!fileSymbol)
          throw new Unparseable("The CSV has no Symbol column and its file name is not a symbol");
      }
      checked = true;
    }
    if (records.length)
      yield records.map((record) => {
        // Papaparse puts the fields beyond the header in `__parsed_extra`: the row as it came keeps them.
        const { __parsed_extra: _extra, ...row } = record;
        return {
          raw: {
            symbol: fileSymbol ?? record.symbol,
            datetime: record.date,
            open: record.open,
            high: record.high,
            low: record.low,
            close: record.close,
            volume: record.volume,
          },
          row,
        };
      });
    if (!queue.length && !finished) parser?.resume();
  }
  if (failure) throw failure;
  if (!checked) throw new Unparseable("The CSV has no rows (or no header)");
}
