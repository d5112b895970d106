/**
 * The data kit's light half: what entity files are built with (they import this, never the service, so
 * `service.ts` can import every entity without a cycle). The rest is imported by path:
 * `dynamo/service` (the one Service), `dynamo/transaction` (transact), `dynamo/batch` (batch get/write).
 */
import { Resource } from "sst";
import { client } from "./client";

export { ENTITY_ATTRIBUTE } from "./attributes";
export type { Change } from "./change";
export { client, documents } from "./client";

export const tableName = Resource.Table.name;

/** What every ElectroDB entity is built with. */
export const Configuration = { table: tableName, client };

/** Every ElectroDB entity of the product belongs to this service (written into each item). */
export const SERVICE = "bourse";

/** Epoch seconds, the unit of the table's TTL attribute. */
export function ttl(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + days * 86_400;
}

/** A write refused by its condition (ElectroDB wraps the SDK error, so look at the cause too). */
export function isConditionalFailure(error: unknown): boolean {
  const e = error as { name?: string; message?: string; cause?: { name?: string } } | undefined;
  return (
    e?.name === "ConditionalCheckFailedException" ||
    e?.cause?.name === "ConditionalCheckFailedException" ||
    /conditional request failed/i.test(e?.message ?? "")
  );
}

/**
 * For writes whose refused condition means "already so" (create if absent, patch if present): swallows
 * that refusal, rethrows anything else. Resolves with the write's result, or undefined when refused.
 */
export function ignoreConditionalFailure<T>(write: Promise<T>): Promise<T | undefined> {
  return write.catch((error: unknown) => {
    if (!isConditionalFailure(error)) throw error;
    return undefined;
  });
}
