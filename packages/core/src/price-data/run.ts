import { Resource } from "sst";
import { ulid } from "ulid";
import * as z from "zod";
import * as Actor from "../actor";
import { ignoreConditionalFailure, ttl } from "../dynamo";
import { NotFoundError, PayloadTooLargeError, ValidationError } from "../error";
import { presignPost } from "../storage";
import { type Clock, systemClock } from "../util/clock";
import { encodeCursor } from "../util/cursor";
import { fn } from "../util/fn";
import { isID } from "../util/id";
import { fromCursor, Page, paged } from "../util/page";
import * as Analysis from "./analysis";
import { files, runs } from "./entities";
import { rowsOf, Unparseable } from "./parse";
import { REASONS, type Reason, Reject, Validator } from "./row";
import { JsonlWriter, keys, open } from "./store";

/**
 * Price-data runs: a file a member uploads (a presigned POST to the data bucket's `inputs/`), its
 * ingestion (every row validated; valid rows to `processed/<run>/valid.jsonl`, rejects with their reasons
 * to `rejects/<run>/rejects.jsonl`), deduplicated by content (ETag), then analysed (PriceAnalysis).
 */

export const MAX_BYTES = 20 * 1024 * 1024;
export const POST_SECONDS = 300;
/** How long a run whose file never came waits; how long a run is kept. */
export const QUEUED_DAYS = 1;
export const KEEP_DAYS = 90;
/** How long an ingestion holds its run before another delivery may take over (a crashed one). */
export const LEASE_MS = 5 * 60_000;

export const ContentType = z.enum(["application/json", "text/csv"]);
export type ContentType = z.infer<typeof ContentType>;
const EXTENSIONS = { "application/json": "json", "text/csv": "csv" } as const;

export const Status = z.enum(["queued", "ingesting", "analysing", "done", "failed", "duplicate"]);
export type Status = z.infer<typeof Status>;

export const Counts = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  rejected: z.number().int(),
  reasons: z
    .record(z.enum(REASONS), z.number().int())
    .describe("rejected rows per reason (a row may have several)"),
});
export type Counts = z.infer<typeof Counts>;

export const Timings = z
  .object({
    queued: z.number(),
    uploaded: z.number(),
    ingestStarted: z.number(),
    ingested: z.number(),
    analysed: z.number(),
  })
  .partial()
  .describe("epoch milliseconds at which the run reached each step");

export const Info = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: ContentType,
  status: Status,
  size: z.number().int().nullable(),
  etag: z.string().nullable(),
  duplicateOf: z.string().nullable().describe("the earlier run of the same bytes (status duplicate)"),
  error: z.string().nullable().describe("why the run failed"),
  counts: Counts.nullable(),
  symbols: z.array(z.string()),
  timings: Timings,
  correlationId: z.string().describe("follows the file through every step, its logs and its email"),
  createdAt: z.number(),
});
export type Info = z.infer<typeof Info>;

type Item = Awaited<ReturnType<typeof read>> & {};

function toInfo(item: Item): Info {
  return {
    id: item.runID,
    filename: item.filename,
    contentType: item.contentType,
    status: item.status,
    size: item.size ?? null,
    etag: item.etag ?? null,
    duplicateOf: item.duplicateOf ?? null,
    error: item.error ?? null,
    counts: (item.counts as Counts | undefined) ?? null,
    symbols: item.symbols ?? [],
    timings: (item.timings ?? {}) as z.infer<typeof Timings>,
    correlationId: item.correlationId,
    createdAt: item.createdAt,
  };
}

async function read(runID: string) {
  return (await runs.get({ runID }).go({ consistent: true })).data ?? undefined;
}

/** The caller's run, or NotFound for anyone else's: the answer says nothing of other people's runs. */
export async function owned(runID: string): Promise<Item> {
  const ownerID = Actor.member();
  const item = isID(runID) ? await read(runID) : undefined;
  if (!item || item.ownerID !== ownerID) throw new NotFoundError("No such run");
  return item;
}

export const CreateInput = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("the file's name; a CSV without a Symbol column takes its symbol from it"),
  contentType: ContentType,
  size: z
    .number()
    .int()
    .positive()
    .describe(`the file's size in bytes, at most ${MAX_BYTES} (20 MB, 413 above); the storage refuses more`),
});

export const Presigned = z.object({
  url: z.string().describe("POST a multipart/form-data form here"),
  fields: z.record(z.string(), z.string()).describe("form fields to send as given, before the `file` field"),
  key: z.string(),
  expiresAt: z.number().describe("epoch milliseconds after which the storage refuses the form"),
});

export const Created = z.object({ run: Info, upload: Presigned });
export type Created = z.infer<typeof Created>;

/** A presigned POST of one price file to `inputs/<owner>/<run>.<ext>`, and its run, `queued` until it lands. */
export const create = /* @__PURE__ */ fn(
  CreateInput,
  async ({ filename, contentType, size }, clock: Clock = systemClock): Promise<Created> => {
    const ownerID = Actor.member();
    if (size > MAX_BYTES)
      throw new PayloadTooLargeError(`A price file is at most 20 MB (${MAX_BYTES} bytes)`);
    const now = clock();
    const runID = ulid(now.getTime());
    const key = `inputs/${ownerID}/${runID}.${EXTENSIONS[contentType]}`;
    const upload = await presignPost({
      bucket: Resource.Data.name,
      key,
      contentType,
      maxSize: size,
      seconds: POST_SECONDS,
    });
    const item = await runs
      .create({
        runID,
        ownerID,
        filename,
        contentType,
        key,
        maxSize: size,
        correlationId: crypto.randomUUID(),
        timings: { queued: now.getTime() },
        createdAt: now.getTime(),
        expiresAt: ttl(now, QUEUED_DAYS),
      })
      .go();
    return { run: toInfo(item.data as Item), upload: { ...upload, key } };
  },
);

const KEY = /^inputs\/([0-9A-Za-z]{1,64})\/([0-9A-HJKMNP-TV-Z]{26})\.(?:json|csv)$/;

export const Received = z.object({
  key: z.string(),
  etag: z
    .string()
    .min(1)
    .transform((e) => e.replaceAll('"', "")),
  size: z.number().int().nonnegative(),
  /** When the storage says the object was written (epoch ms). */
  at: z.number().optional(),
});

export type Ingested =
  | { outcome: "ignored"; reason: string }
  | { outcome: "replayed"; runID: string; correlationId: string }
  | { outcome: "duplicate" | "failed" | "analysing"; runID: string; correlationId: string };

/**
 * The S3 notification's work: ingest the file that landed under `key`, once. A replayed event finds its run
 * no longer `queued` (or held by a live ingestion) and does nothing; a file with the same bytes as an
 * earlier one of the owner's (same ETag) makes this run a `duplicate` of it.
 */
export const ingest = /* @__PURE__ */ fn(
  Received,
  async (input, clock: Clock = systemClock): Promise<Ingested> => {
    const match = KEY.exec(input.key);
    if (!match) return { outcome: "ignored", reason: "not a price-data upload key" };
    const [, ownerID, runID] = match as unknown as [string, string, string];
    const run = await read(runID);
    if (!run || run.ownerID !== ownerID || run.key !== input.key)
      return { outcome: "ignored", reason: "no run for this key" };
    const ids = { runID, correlationId: run.correlationId };

    const at = clock().getTime();
    const timings = { ...(run.timings as object), uploaded: input.at ?? at, ingestStarted: at };
    const claimed = await ignoreConditionalFailure(
      runs
        .patch({ runID })
        .set({
          status: "ingesting",
          etag: input.etag,
          size: input.size,
          leaseUntil: at + LEASE_MS,
          timings,
          expiresAt: ttl(new Date(at), KEEP_DAYS),
        })
        .where(
          (a, op) =>
            `${op.eq(a.status, "queued")} OR (${op.eq(a.status, "ingesting")} AND ${op.lt(a.leaseUntil, at)})`,
        )
        .go(),
    );
    if (!claimed) return { outcome: "replayed", ...ids };

    const finish = (set: Parameters<ReturnType<typeof runs.patch>["set"]>[0]) =>
      runs
        .patch({ runID })
        .set(set)
        .remove(["leaseUntil"])
        .where((a, op) => op.eq(a.status, "ingesting"))
        .go();

    const first = await ignoreConditionalFailure(
      files.create({ ownerID, etag: input.etag, runID, expiresAt: ttl(new Date(at), KEEP_DAYS) }).go(),
    );
    if (!first) {
      const earlier = (await files.get({ ownerID, etag: input.etag }).go({ consistent: true })).data;
      if (earlier && earlier.runID !== runID) {
        await finish({
          status: "duplicate",
          duplicateOf: earlier.runID,
          timings: { ...timings, ingested: clock().getTime() },
        });
        return { outcome: "duplicate", ...ids };
      }
    }

    const body = await open(input.key);
    if (!body) throw new Error(`the object ${input.key} is gone`);
    try {
      const { counts, symbols } = await validateFile(runID, body, run.contentType, run.filename, clock);
      await finish({
        status: "analysing",
        counts,
        symbols,
        timings: { ...timings, ingested: clock().getTime() },
      });
      return { outcome: "analysing", ...ids };
    } catch (error) {
      if (!(error instanceof Unparseable)) throw error;
      await finish({
        status: "failed",
        error: error.message,
        timings: { ...timings, ingested: clock().getTime() },
      });
      return { outcome: "failed", ...ids };
    }
  },
);

/** Longest text kept of one field of a refused row (a row is shown, not archived). */
const FIELD_CHARS = 200;
const ROW_FIELDS = 20;

function shown(row: unknown): unknown {
  if (typeof row === "string") return row.slice(0, FIELD_CHARS);
  if (!row || typeof row !== "object") return row;
  return Object.fromEntries(
    Object.entries(row)
      .slice(0, ROW_FIELDS)
      .map(([k, v]) => [
        k.slice(0, FIELD_CHARS),
        typeof v === "string" ? v.slice(0, FIELD_CHARS) : typeof v === "object" ? String(v) : v,
      ]),
  );
}

/** Every row through the rules, streamed: valid ones and rejects to their JSON Lines objects. */
async function validateFile(
  runID: string,
  body: import("node:stream").Readable,
  contentType: ContentType,
  filename: string,
  clock: Clock,
): Promise<{ counts: Counts; symbols: string[] }> {
  const validator = new Validator(clock().toISOString().slice(0, 10));
  const reasons = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<Reason, number>;
  const symbols = new Set<string>();
  let writers: { valid: JsonlWriter; rejects: JsonlWriter } | undefined;
  let index = 0;
  try {
    for await (const batch of rowsOf(body, contentType === "text/csv" ? "csv" : "json", filename)) {
      // Opened with the first rows: a file refused as a whole writes nothing.
      writers ??= {
        valid: new JsonlWriter(keys.valid(runID)),
        rejects: new JsonlWriter(keys.rejects(runID)),
      };
      for (const { raw, row } of batch) {
        const outcome = validator.check(raw);
        if ("valid" in outcome) {
          symbols.add(outcome.valid.symbol);
          await writers.valid.write(outcome.valid);
        } else {
          for (const reason of outcome.reasons) reasons[reason]++;
          const reject: Reject = {
            index,
            symbol: typeof raw.symbol === "string" ? raw.symbol : null,
            datetime: typeof raw.datetime === "string" ? raw.datetime.slice(0, 40) : null,
            reasons: outcome.reasons,
            row: shown(row),
          };
          await writers.rejects.write(reject);
        }
        index++;
      }
    }
    if (!writers) throw new Unparseable("The file has no rows");
    await Promise.all([writers.valid.end(), writers.rejects.end()]);
  } catch (error) {
    if (writers) await Promise.all([writers.valid.abort(), writers.rejects.abort()]);
    throw error;
  }
  const valid = writers.valid.count;
  return {
    counts: { rows: index, valid, rejected: index - valid, reasons },
    symbols: [...symbols].sort(),
  };
}

/** The caller's runs, newest first. */
export const list = /* @__PURE__ */ fn(Page, async (page) => {
  const ownerID = Actor.member();
  const result = await paged(page, ({ limit, cursor }) =>
    runs.query.byOwner({ ownerID }).go({ order: "desc", limit, cursor }),
  );
  return { items: result.data.map((item) => toInfo(item as Item)), cursor: encodeCursor(result.cursor) };
});

export const Detail = Info.extend({ analysis: Analysis.Info.nullable() });
export type Detail = z.infer<typeof Detail>;

/** One of the caller's runs, with its analysis once there is one. */
export async function get(runID: string): Promise<Detail> {
  const item = await owned(runID);
  return { ...toInfo(item), analysis: item.status === "done" ? await Analysis.get(runID) : null };
}

export const RejectsPage = z.object({
  items: z.array(Reject),
  cursor: z.string().nullable().describe("pass it back as `?cursor=` for the next page; null on the last"),
});

/** How much of the rejects object one page reads at most. */
const PAGE_BYTES = 256 * 1024;
const Position = z.object({ offset: z.number().int().nonnegative() });

const RejectsInput = Page.unwrap().extend({ runID: z.string() });

/**
 * A page of a run's rejects, in file order. The cursor is a byte offset into the JSON Lines object, so a
 * page is one ranged read, whatever the file's size.
 */
export const rejects = /* @__PURE__ */ fn(RejectsInput, async ({ runID, cursor, limit }) => {
  await owned(runID);
  return fromCursor(cursor, async (raw) => {
    const offset = raw === undefined ? 0 : offsetOf(raw);
    const body = await open(keys.rejects(runID), `bytes=${offset}-${offset + PAGE_BYTES - 1}`).catch((e) => {
      // Past the end: an empty page.
      if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416)
        return undefined;
      throw e;
    });
    if (!body) return { items: [], cursor: null };
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const items: Reject[] = [];
    let at = 0;
    while (items.length < limit) {
      const end = bytes.indexOf(10, at);
      if (end < 0) break;
      items.push(JSON.parse(bytes.subarray(at, end).toString("utf8")) as Reject);
      at = end + 1;
    }
    const more = at < bytes.length || bytes.length === PAGE_BYTES;
    return {
      items,
      cursor: more && items.length ? encodeCursor(JSON.stringify({ offset: offset + at })) : null,
    };
  });
});

function offsetOf(raw: string): number {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ValidationError("cursor: malformed");
  }
  const position = Position.safeParse(value);
  if (!position.success) throw new ValidationError("cursor: malformed");
  return position.data.offset;
}

/** The chart data of one symbol of the caller's run (candles, SMA20/SMA50, anomalies), once analysed. */
export async function series(runID: string, symbol: string): Promise<Analysis.Series> {
  const item = await owned(runID);
  if (item.status !== "done" || !(item.symbols ?? []).includes(symbol))
    throw new NotFoundError("No such series");
  const found = await Analysis.series(runID, symbol);
  if (!found) throw new NotFoundError("No such series");
  return found;
}
