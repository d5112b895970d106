import { readdirSync, readFileSync } from "node:fs";
import * as Actor from "@bourse/core/actor";
import * as PriceRun from "@bourse/core/price-data/run";
import * as User from "@bourse/core/user";

/** The 12 shared stocks (see ohlcv/PROVENANCE.txt) as one Twelve Data batch document. */
export function demoBatch(): string {
  const folder = new URL("./ohlcv/", import.meta.url);
  const series = readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, folder), "utf8")));
  return JSON.stringify(Object.fromEntries(series.map((s) => [s.meta.symbol, s])));
}

/**
 * One price-data run of the 12 stocks for the demo member @ana, through the path a browser takes: a
 * presigned POST to the data bucket, which the DataInput notification ingests and the Analyzer analyses.
 */
export async function seedPrices(handle = "ana"): Promise<void> {
  const userID = await User.idOf(handle);
  const body = demoBatch();
  const created = await Actor.provide({ type: "user", properties: { userID, sessionID: "demo-seed" } }, () =>
    PriceRun.create({
      filename: "twelve-stocks-2012-2017.json",
      contentType: "application/json",
      size: Buffer.byteLength(body),
    }),
  );
  const form = new FormData();
  for (const [name, value] of Object.entries(created.upload.fields)) form.append(name, value);
  form.append("file", new Blob([body], { type: "application/json" }), "twelve-stocks-2012-2017.json");
  const response = await fetch(created.upload.url, { method: "POST", body: form });
  if (!response.ok) throw new Error(`demo price upload refused: ${response.status} ${await response.text()}`);
}
