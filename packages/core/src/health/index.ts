export * as Health from "./index";

import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import { z } from "zod";
import { client as dynamo, tableName } from "../dynamo";
import { client as s3 } from "../storage";

export const Check = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
});

export const Report = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  checks: z.record(z.string(), Check),
});
export type Report = z.infer<typeof Report>;

/** A check answers within this or counts as failed, so a hung dependency cannot hang the health endpoint. */
const TIMEOUT_MS = 3000;

export async function check(version: string): Promise<Report> {
  const entries = await Promise.all(
    Object.entries({
      table: () =>
        dynamo.send(
          new GetItemCommand({ TableName: tableName, Key: { pk: { S: "health" }, sk: { S: "health" } } }),
        ),
      media: () => s3.send(new HeadBucketCommand({ Bucket: Resource.Media.name })),
      data: () => s3.send(new HeadBucketCommand({ Bucket: Resource.Data.name })),
    }).map(async ([name, probe]) => [name, await timed(probe)] as const),
  );
  const checks = Object.fromEntries(entries);
  return { status: entries.every(([, c]) => c.ok) ? "ok" : "degraded", version, checks };
}

async function timed(probe: () => Promise<unknown>): Promise<z.infer<typeof Check>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: (error as Error).name || "Error",
    };
  } finally {
    clearTimeout(timer);
  }
}
