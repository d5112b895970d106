/**
 * The data kit's light half: what entity files are built with (they import this, never the service, so
 * `service.ts` can import every entity without a cycle), and small helpers over the client (conditional
 * failures, `count`). The rest is imported by path:
 * `dynamo/service` (the one Service), `dynamo/transaction` (transact), `dynamo/batch` (batch get/write).
 */
import { QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { Resource } from "sst";
import { client, documents } from "./client";

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

/**
 * How many items an ElectroDB query matches (`entity.query.x(...).params()`), page by page: a COUNT Query
 * returns no item to decode, though it reads (and costs) as much as the items it counts.
 */
export async function count(query: object): Promise<number> {
  let total = 0;
  let start: QueryCommandInput["ExclusiveStartKey"];
  do {
    const out = await documents.send(
      new QueryCommand({ ...(query as QueryCommandInput), Select: "COUNT", ExclusiveStartKey: start }),
    );
    total += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return total;
}
