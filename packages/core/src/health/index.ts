export * as Health from "./index";

import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { Resource } from "sst";
import * as z from "zod";
import { client as dynamo, tableName } from "../dynamo";
import * as Breaker from "../resilience/breaker";
import { client as s3 } from "../storage";
import * as User from "../user";
import { fn } from "../util/fn";

/** Public: up or down per dependency, nothing more (no latencies, error names or versions for probers). */
export const Check = z.object({ ok: z.boolean().describe("true: the dependency answered (up)") });

export const Report = z.object({
  status: z.enum(["ok", "degraded"]),
  checks: z.record(z.string(), Check),
});

export const Input = z
  .object({
    live: z
      .boolean()
      .default(false)
      .describe(
        "administrators only: the breakers as stored now, not through this instance's 60-second cache " +
          "(the status page, during an incident)",
      ),
  })
  .default({ live: false });
export type Input = z.input<typeof Input>;

/** Checks of outside services: failing, the product is degraded but up (the endpoint still answers 200). */
export const OUTSIDE = ["providers"] as const;
export type Report = z.infer<typeof Report>;

/** A check answers within this or counts as failed, so a hung dependency cannot hang the health endpoint. */
const TIMEOUT_MS = 3000;

/** Up: every check passed but perhaps the outside services' (the product runs degraded without them). */
export function isUp(report: Report): boolean {
  return Object.entries(report.checks).every(
    ([name, check]) => check.ok || (OUTSIDE as readonly string[]).includes(name),
  );
}

/**
 * Runs every probe; `onFailure` hears why one failed (for the server's logs, never for the answer). A live
 * check is for administrators (401/403 otherwise): it reads the breakers' stored state.
 */
export async function check(
  input?: Input,
  onFailure?: (name: string, error: unknown) => void,
): Promise<Report> {
  const { live } = parseInput(input);
  if (live) await User.assertAdmin();
  const entries = await Promise.all(
    Object.entries({
      table: () =>
        dynamo.send(
          new GetItemCommand({ TableName: tableName, Key: { pk: { S: "health" }, sk: { S: "health" } } }),
        ),
      media: () => s3.send(new HeadBucketCommand({ Bucket: Resource.Media.name })),
      data: () => s3.send(new HeadBucketCommand({ Bucket: Resource.Data.name })),
      // Every outside service's circuit breaker closed (read through the breakers' cache unless live).
      providers: async () => {
        if (await (live ? Breaker.anyStoredOpen() : Breaker.anyOpen()))
          throw new Error("a circuit breaker is open");
      },
    }).map(async ([name, probe]) => {
      const failure = await withTimeout(probe).then(
        () => undefined,
        (error: unknown) => error ?? new Error("failed"),
      );
      if (failure) onFailure?.(name, failure);
      return [name, { ok: !failure }] as const;
    }),
  );
  return {
    status: entries.every(([, c]) => c.ok) ? "ok" : "degraded",
    checks: Object.fromEntries(entries),
  };
}

const parseInput = /* @__PURE__ */ fn(Input, (input) => input);

async function withTimeout(probe: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
