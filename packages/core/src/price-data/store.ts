import { createInterface } from "node:readline";
import { PassThrough, type Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { Resource } from "sst";
import { client as s3 } from "../storage";

/** Where a run's files live in the data bucket: what came in, what passed, what was refused, the analysis. */
export const keys = {
  valid: (runID: string) => `processed/${runID}/valid.jsonl`,
  rejects: (runID: string) => `rejects/${runID}/rejects.jsonl`,
  analysis: (runID: string) => `processed/${runID}/analysis.json`,
  series: (runID: string, symbol: string) => `processed/${runID}/series/${encodeURIComponent(symbol)}.json`,
};

const bucket = () => Resource.Data.name;

/** An object's body as a Node stream; undefined when there is no such object. */
export async function open(key: string, range?: string): Promise<Readable | undefined> {
  const object = await s3
    .send(new GetObjectCommand({ Bucket: bucket(), Key: key, Range: range }))
    .catch((e) => {
      if (isMissing(e)) return undefined;
      throw e;
    });
  return object?.Body as Readable | undefined;
}

export async function putJson(key: string, value: unknown): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: key,
      Body: JSON.stringify(value),
      ContentType: "application/json",
    }),
  );
}

export async function getJson<T>(key: string): Promise<T | undefined> {
  const body = await open(key);
  if (!body) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}

/** The JSON values of a JSON Lines object, one at a time (never the whole object in memory). */
export async function* lines<T>(key: string): AsyncGenerator<T> {
  const body = await open(key);
  if (!body) return;
  for await (const line of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY }))
    if (line) yield JSON.parse(line) as T;
}

/** Lines gathered this large are handed to the upload at once (fewer, larger writes). */
const CHUNK = 64 * 1024;

/**
 * A JSON Lines object written as it is produced: a multipart upload fed by a stream (parts of 5 MB), so a
 * file of any size is never held whole. `abort` leaves nothing behind.
 */
export class JsonlWriter {
  private readonly stream = new PassThrough();
  private readonly upload: Upload;
  private readonly done: Promise<unknown>;
  private pending: string[] = [];
  private pendingBytes = 0;
  count = 0;

  constructor(key: string) {
    this.upload = new Upload({
      client: s3,
      params: { Bucket: bucket(), Key: key, Body: this.stream, ContentType: "application/x-ndjson" },
    });
    this.done = this.upload.done();
    // Surfaced by end() or abort(); never an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  async write(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.count++;
    if (this.pendingBytes >= CHUNK) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const text = this.pending.join("");
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(text))
      await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }

  async abort(): Promise<void> {
    await this.upload.abort().catch(() => undefined);
    this.stream.destroy();
    await this.done.catch(() => undefined);
  }
}

export function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}
