/**
 * Test fixtures for price data, on the local platform: members who upload, files sent through the
 * presigned POST as a browser sends them, and the 12 real OHLCV files of stacks/local/demo/ohlcv.
 */
import { readdirSync, readFileSync } from "node:fs";
import { ulid } from "ulid";
import * as Actor from "../../actor";
import * as User from "../../user";
import * as PriceRun from "../run";

export const OHLCV_DIR = new URL("../../../../../stacks/local/demo/ohlcv/", import.meta.url);

/** The Twelve Data /time_series documents of the shared real data, by symbol. */
export function realSeries(): Record<
  string,
  { meta: { symbol: string }; values: Record<string, string>[]; status: string }
> {
  return Object.fromEntries(
    readdirSync(OHLCV_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => {
        const document = JSON.parse(readFileSync(new URL(f, OHLCV_DIR), "utf8"));
        return [document.meta.symbol, document];
      }),
  );
}

/** The 12 series as one Twelve Data batch document. */
export const realBatch = () => JSON.stringify(realSeries());

export interface Uploader {
  id: string;
  email: string;
}

export async function uploader(): Promise<Uploader> {
  const id = ulid().toLowerCase();
  const tail = `${id.slice(6, 10)}${id.slice(-8)}`;
  const email = `prices.${tail}@example.com`;
  const info = await User.createMember({
    email,
    handle: `pd_${tail}`,
    displayName: "Uploader",
    passwordHash: "x",
  });
  return { id: info.id, email };
}

export function as<R>(who: { id: string }, run: () => R): R {
  return Actor.provide({ type: "user", properties: { userID: who.id, sessionID: "test" } }, run);
}

/** POSTs `bytes` with the form `create` presigned, as the upload page does. */
export async function post(
  upload: PriceRun.Created["upload"],
  bytes: Uint8Array | string,
  contentType?: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields))
    form.append(name, name === "Content-Type" && contentType ? contentType : value);
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  form.append("file", new Blob([data as Uint8Array<ArrayBuffer>]), "prices");
  const response = await fetch(upload.url, { method: "POST", body: form });
  return { status: response.status, body: await response.text() };
}

/** A file uploaded by `who` (its run created, its bytes sent); resolves with the run's id. */
export async function upload(
  who: { id: string },
  file: { filename: string; contentType: PriceRun.ContentType; body: string },
): Promise<string> {
  const size = Buffer.byteLength(file.body);
  const created = await as(who, () =>
    PriceRun.create({ filename: file.filename, contentType: file.contentType, size }),
  );
  const sent = await post(created.upload, file.body);
  if (sent.status !== 204) throw new Error(`upload refused: ${sent.status} ${sent.body}`);
  return created.run.id;
}
