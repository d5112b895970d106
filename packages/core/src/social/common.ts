/** What the social modules share: who may act, how people are shown, pages, and raw transactions. */
import { DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import * as Actor from "../actor";
import { client } from "../dynamo";
import { ForbiddenError, ValidationError } from "../error";
import { users } from "../user/entities";
import * as User from "../user/index";
import { decodeCursor } from "../util/cursor";
import { fn } from "../util/fn";

/** Anonymous visitors may read but not post, follow, like or comment. */
export class AccountRequiredError extends ForbiddenError {
  override readonly code = "account_required";
  constructor() {
    super("Create an account to do this");
  }
}

export class SelfFollowError extends ValidationError {
  override readonly code = "self_follow";
  constructor() {
    super("You cannot follow yourself");
  }
}

/** The calling member's id; anonymous visitors get `account_required`, others what Actor.assert says. */
export function member(): string {
  const actor = Actor.use();
  if (actor.type === "user") return actor.properties.userID;
  if (actor.type === "anonymous") throw new AccountRequiredError();
  return Actor.assert("user").properties.userID;
}

/** The calling member's id when there is one (to say `likedByMe`), else undefined. */
export function viewer(): string | undefined {
  const actor = Actor.use();
  return actor.type === "user" ? actor.properties.userID : undefined;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Ids are ULIDs; anything else names nothing (so a 404, never a query with junk). */
export function isID(id: unknown): id is string {
  return typeof id === "string" && ULID.test(id);
}

export const Page = z
  .object({
    cursor: z.string().max(2048).nullish(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ limit: 20 });
export type Page = z.input<typeof Page>;

const parsePage = fn(Page, (page) => page);

/**
 * Runs one page of a query from an opaque cursor. A cursor that is not one of ours (it decodes, but
 * ElectroDB or DynamoDB refuse it) is bad input, a 400, not a 500.
 */
export async function paged<T>(
  page: Page | undefined,
  run: (options: { limit: number; cursor: string | undefined }) => Promise<T>,
): Promise<T> {
  const { cursor, limit } = parsePage(page);
  const raw = decodeCursor(cursor);
  try {
    return await run({ limit, cursor: raw });
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } } | undefined;
    const said = `${e?.message ?? ""} ${e?.cause?.message ?? ""}`;
    if (raw !== undefined && /cursor|starting key|ExclusiveStartKey/i.test(said))
      throw new ValidationError("cursor: malformed");
    throw error;
  }
}

/** How a person appears next to what they did. */
export const Author = z.object({
  id: z.string(),
  handle: z.string().nullable(),
  displayName: z.string(),
  avatarKey: z.string().nullable(),
});
export type Author = z.infer<typeof Author>;

export function authorOf(profile: User.Profile): Author {
  return {
    id: profile.id,
    handle: profile.handle,
    displayName: profile.displayName,
    avatarKey: profile.avatarKey,
  };
}

/** Someone whose account is gone: their posts and comments are deleted separately, if ever. */
export function goneAuthor(id: string): Author {
  return { id, handle: null, displayName: "Deleted user", avatarKey: null };
}

/** Users by id in one BatchGet (ElectroDB splits it by 100 and we retry what DynamoDB left unprocessed). */
export async function profilesByID(ids: string[]): Promise<Map<string, User.Profile>> {
  const found = new Map<string, User.Profile>();
  let keys = [...new Set(ids)].map((userID) => ({ userID }));
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
    const result = await users.get(keys).go();
    for (const item of result.data) found.set(item.userID, User.toProfile(item));
    keys = result.unprocessed.map((k) => ({ userID: k.userID }));
  }
  return found;
}

export async function authorsByID(ids: string[]): Promise<Map<string, Author>> {
  const profiles = await profilesByID(ids);
  return new Map(ids.map((id) => [id, profiles.has(id) ? authorOf(profiles.get(id)!) : goneAuthor(id)]));
}

export const documents = DynamoDBDocumentClient.from(client, {
  marshallOptions: { removeUndefinedValues: true },
});

/** One action of a TransactWriteItems, as ElectroDB's `.params()` produces it. */
export type TransactItem =
  | { Put: Record<string, unknown> }
  | { Update: Record<string, unknown> }
  | { Delete: Record<string, unknown> }
  | { ConditionCheck: Record<string, unknown> };

/** `ok`, or the cancellation code of each action in order ("None", "ConditionalCheckFailed", ...). */
export type TransactOutcome = { ok: true } | { ok: false; codes: string[] };

/**
 * TransactWriteItems across entities of any context (ElectroDB's transactions span one Service). A
 * cancellation is an outcome, not an error, so callers can tell which condition failed.
 */
export async function transact(items: TransactItem[]): Promise<TransactOutcome> {
  try {
    // The SDK's own types want each action's exact shape; ElectroDB's params have it.
    await documents.send(new TransactWriteCommand({ TransactItems: items as never }));
    return { ok: true };
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if ((error as Error).name === "TransactionCanceledException" && reasons)
      return { ok: false, codes: reasons.map((r) => r.Code ?? "None") };
    throw error;
  }
}

/** A ConditionCheck that the item with this primary key exists. */
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

/** A stream record as the social subscribers see it: images already unmarshalled. */
export interface Change {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  /** The ElectroDB entity of the item (`post`, `like`, ...). */
  entity: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A batch delete that retries what DynamoDB left unprocessed (ElectroDB splits it into batches of 25). */
export async function deleteAll<K>(run: (keys: K[]) => Promise<{ unprocessed: unknown[] }>, keys: K[]) {
  let left = keys;
  for (let attempt = 0; left.length > 0; attempt++) {
    if (attempt >= 8) throw new Error(`${left.length} deletes left unprocessed`);
    left = (await run(left)).unprocessed as K[];
    if (left.length) await sleep(50 * 2 ** attempt);
  }
}
