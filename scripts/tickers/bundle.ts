/**
 * `pnpm tickers:bundle`: turns data/tickers/us-tickers.csv (see its PROVENANCE.txt) into the compact file
 * core bundles, packages/core/src/ticker/tickers.json: one tab-separated line per symbol
 * (`SYMBOL\tname\texchange index\t1 if ETF`), exchanges named once. Deterministic: re-running it on the
 * same CSV writes the same bytes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";

const SOURCE = fileURLToPath(new URL("../../data/tickers/us-tickers.csv", import.meta.url));
const TARGET = fileURLToPath(new URL("../../packages/core/src/ticker/tickers.json", import.meta.url));

interface Row {
  symbol: string;
  name: string;
  exchange: string;
  etf: string;
  security_name: string;
}

/** The NYSE/AMEX listings carry the security's kind after the company's name: people search the name. */
const SECURITY_SUFFIX = /\s+(?:Common Stock|Common Shares|Ordinary Shares)$/i;

export function bundle(csv: string): { exchanges: string[]; rows: string } {
  const parsed = Papa.parse<Row>(csv, { header: true, skipEmptyLines: true });
  if (parsed.errors.length) throw new Error(`us-tickers.csv: ${parsed.errors[0]?.message}`);
  const exchanges = [...new Set(parsed.data.map((r) => r.exchange))].sort();
  const lines = parsed.data
    .map((r) => {
      const symbol = r.symbol.trim().toUpperCase();
      const name = (r.name.trim() || r.security_name.trim())
        .replace(SECURITY_SUFFIX, "")
        .replace(/\s+/g, " ");
      if (!/^[A-Z0-9.$-]{1,10}$/.test(symbol) || !name) throw new Error(`us-tickers.csv: bad row ${symbol}`);
      return [symbol, name, exchanges.indexOf(r.exchange), r.etf === "Y" ? 1 : 0].join("\t");
    })
    .sort();
  return { exchanges, rows: lines.join("\n") };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const data = bundle(readFileSync(SOURCE, "utf8"));
  // Laid out as Biome formats JSON, so `pnpm lint` passes on the file as written.
  const file = [
    "{",
    `  "source": "data/tickers/us-tickers.csv",`,
    `  "exchanges": [${data.exchanges.map((e) => JSON.stringify(e)).join(", ")}],`,
    `  "rows": ${JSON.stringify(data.rows)}`,
    "}",
    "",
  ].join("\n");
  writeFileSync(TARGET, file);
  console.log(`tickers:bundle: ${data.rows.split("\n").length} symbols → ${TARGET}`);
}
