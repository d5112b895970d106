import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Resource } from "sst";

export { ENTITY_ATTRIBUTE } from "./attributes";

/** The one table. Endpoint and credentials come from the environment (AWS_ENDPOINT_URL_DYNAMODB locally). */
export const client = new DynamoDBClient({});

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
