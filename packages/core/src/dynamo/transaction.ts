/**
 * The one way to write several items atomically: TransactWriteItems through the one Service, whatever
 * contexts the items belong to. Items are ElectroDB's `.commit()` of a create/patch/put/update/delete (or
 * `exists(...)`); a cancellation is an outcome, not an error, so callers can tell which condition failed.
 */
import { service } from "./service";

/** One action of a TransactWriteItems: an ElectroDB `.commit()`, or `exists(...)`. */
export type TransactItem =
  | { Put: Record<string, unknown> }
  | { Update: Record<string, unknown> }
  | { Delete: Record<string, unknown> }
  | { ConditionCheck: Record<string, unknown> };

/** `ok`, or the cancellation code of each action in order ("None", "ConditionalCheckFailed", ...). */
export type TransactOutcome = { ok: true } | { ok: false; codes: string[] };

/** DynamoDB holds at most 100 actions in one transaction. */
export const MAX_ACTIONS = 100;

export async function transact(items: TransactItem[]): Promise<TransactOutcome> {
  // ElectroDB sends the callback's items as they are: commits of any entity, raw checks alike.
  const codes = await cancellationCodes(service.transaction.write(() => items as never).go());
  return codes ? { ok: false, codes } : { ok: true };
}

/** A ConditionCheck that the item with this primary key exists (`params` of an ElectroDB `get`). */
export function exists(params: { TableName?: string; Key?: Record<string, unknown> }): TransactItem {
  return {
    ConditionCheck: {
      TableName: params.TableName,
      Key: params.Key,
      ConditionExpression: "attribute_exists(#pk)",
      ExpressionAttributeNames: { "#pk": "pk" },
    },
  };
}

/**
 * The cancellation codes of a transaction, in the order of its items (null when it went through): ElectroDB
 * either resolves with `canceled` or throws the SDK's TransactionCanceledException (bare or as its cause).
 */
export async function cancellationCodes(
  run: Promise<{ canceled: boolean; data: unknown }>,
): Promise<string[] | null> {
  try {
    const result = await run;
    if (!result.canceled) return null;
    return (result.data as { code?: string }[]).map((r) => r.code ?? "None");
  } catch (error) {
    type Cancelled = { CancellationReasons?: { Code?: string }[] };
    const e = error as Cancelled & { cause?: Cancelled };
    const reasons = e?.cause?.CancellationReasons ?? e?.CancellationReasons;
    if (!reasons) throw error;
    return reasons.map((r) => r.Code ?? "None");
  }
}
