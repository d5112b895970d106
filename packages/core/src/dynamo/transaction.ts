/**
 * The one way to write several items atomically: TransactWriteItems through the one Service, whatever
 * contexts the items belong to: `transact([exists(posts.get(key).params()), action(likes.create(like))])`.
 * A context that lets others include its writes exports them as actions (`User.addCounts`). A
 * cancellation is an outcome, not an error, so callers can tell which condition failed.
 */
import { service } from "./service";

/** One action of a TransactWriteItems: `action(write)` or `exists(...)`. */
export type TransactItem =
  | { Put: Record<string, unknown> }
  | { Update: Record<string, unknown> }
  | { Delete: Record<string, unknown> }
  | { ConditionCheck: Record<string, unknown> };

/** `ok`, or the cancellation code of each action in order ("None", "ConditionalCheckFailed", ...). */
export type TransactOutcome = { ok: true } | { ok: false; codes: string[] };

/** DynamoDB holds at most 100 actions in one transaction. */
export const MAX_ACTIONS = 100;

export async function transact(actions: TransactItem[]): Promise<TransactOutcome> {
  // ElectroDB sends the items as they are, so actions of entities of any context and raw checks mix.
  const codes = await cancellationCodes(service.transaction.write(() => actions as never).go());
  return codes ? { ok: false, codes } : { ok: true };
}

/**
 * An ElectroDB write of any entity (a create, put, patch, update, upsert or delete chain, before `.go()`)
 * as a transaction action. Every chain has `.commit()` at run time; ElectroDB types it only on the
 * Service's transaction entities, so this is the one typed way to it.
 */
export function action(write: { go: (...args: never[]) => unknown }): TransactItem {
  return (write as unknown as { commit(): TransactItem }).commit();
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
