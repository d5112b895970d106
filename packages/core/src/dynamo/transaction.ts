/**
 * The one way to write several items atomically: TransactWriteItems of ElectroDB's own action params,
 * whatever contexts the items belong to: `transact([exists(posts.get(key).params()), action(likes.create(like))])`.
 * A context that lets others include its writes exports them as actions (`User.addCounts`). A
 * cancellation is an outcome, not an error, so callers can tell which condition failed.
 *
 * Sent by the document client, not through the Service's `transaction.write`, which adds nothing to
 * prepared params: so no Lambda builds the Service (every entity, each model validated: about 100 ms of
 * a cold start) to write two items.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { documents } from "./client";

/** One action of a TransactWriteItems: `action(write)` or `exists(...)`. */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** `ok`, or the cancellation code of each action in order ("None", "ConditionalCheckFailed", ...). */
export type TransactOutcome = { ok: true } | { ok: false; codes: string[] };

/** DynamoDB holds at most 100 actions in one transaction. */
export const MAX_ACTIONS = 100;

export async function transact(actions: TransactItem[]): Promise<TransactOutcome> {
  const codes = await cancellationCodes(documents.send(new TransactWriteCommand({ TransactItems: actions })));
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

/** The cancellation codes of a transaction, in the order of its items (null when it went through). */
async function cancellationCodes(run: Promise<unknown>): Promise<string[] | null> {
  try {
    await run;
    return null;
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] })?.CancellationReasons;
    if (!reasons) throw error;
    return reasons.map((r) => r.Code ?? "None");
  }
}
