/** Transaction actions as ElectroDB builds them (plain values), for benches that send them raw. */
import type { AttributeValue, TransactWriteItem } from "@aws-sdk/client-dynamodb";

/** A transaction action as ElectroDB builds it (plain values) in the wire's attribute-value form. */
export function marshalAction(action: object): TransactWriteItem {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, body] of Object.entries(action) as [string, Record<string, unknown>][]) {
    const values = (v: unknown) =>
      v && Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, attribute(x)]));
    out[kind] = {
      ...body,
      ...(body.Item ? { Item: values(body.Item) } : {}),
      ...(body.Key ? { Key: values(body.Key) } : {}),
      ...(body.ExpressionAttributeValues
        ? { ExpressionAttributeValues: values(body.ExpressionAttributeValues) }
        : {}),
    };
  }
  return out as TransactWriteItem;
}

function attribute(v: unknown): AttributeValue {
  if (typeof v === "string") return { S: v };
  if (typeof v === "number") return { N: String(v) };
  if (typeof v === "boolean") return { BOOL: v };
  if (Array.isArray(v)) return { L: v.map(attribute) };
  if (v && typeof v === "object")
    return { M: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, attribute(x)])) };
  return { NULL: true };
}
