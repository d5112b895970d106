/**
 * The one way to read or write many items: BatchGetItem / BatchWriteItem with ONE retry policy for what
 * DynamoDB leaves unprocessed (backoff with jitter until done, then `UnprocessedError`, never a silent
 * partial answer: a user left unread would be shown as "Deleted user"). ElectroDB's own batches
 * (`entity.get([...])`, `entity.delete([...])`) go through `getAll`/`deleteAll`; mixed-entity reads and
 * bulk writes of raw requests through `getItems`/`writeItems`.
 */
import { BatchGetCommand, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { tableName } from ".";
import { documents } from "./client";

/** Items DynamoDB still left unprocessed once the retry policy ran out. */
export class UnprocessedError extends Error {
  constructor(
    readonly what: string,
    readonly left: number,
  ) {
    super(`${what}: ${left} left unprocessed`);
    this.name = "UnprocessedError";
  }
}

export interface RetryPolicy {
  attempts: number;
  /** The first backoff; each retry doubles it up to `maxMs`, and waits a random part of it (full jitter). */
  baseMs: number;
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export const RETRY: RetryPolicy = {
  attempts: 10,
  baseMs: 25,
  maxMs: 2000,
  sleep,
};

/**
 * The pause before retry number `retry`: exponential, capped, with full jitter, so retries that collided
 * (contention, throttling) spread out instead of colliding again.
 */
export function backoff(retry: number, policy: Pick<RetryPolicy, "baseMs" | "maxMs"> = RETRY): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** retry) * Math.random();
}

/** Runs `attempt` on what is left until it leaves nothing, or throws UnprocessedError. */
export async function untilProcessed<T>(
  what: string,
  items: T[],
  attempt: (left: T[]) => Promise<T[]>,
  policy: RetryPolicy = RETRY,
): Promise<void> {
  let left = items;
  for (let n = 0; left.length > 0; n++) {
    if (n >= policy.attempts) throw new UnprocessedError(what, left.length);
    if (n > 0) await policy.sleep(backoff(n, policy));
    left = await attempt(left);
  }
}

/** What an ElectroDB batch resolves with: unprocessed entries are the keys' composite attributes. */
type Batch<T> = { data?: T[]; unprocessed: unknown[] };

/** Every item found for these keys, through an ElectroDB batch get (`keys => entity.get(keys).go(...)`). */
export async function getAll<K, T>(
  keys: K[],
  run: (keys: K[]) => Promise<Batch<T>>,
  policy: RetryPolicy = RETRY,
): Promise<T[]> {
  const found: T[] = [];
  await untilProcessed(
    "batch get",
    keys,
    async (left) => {
      const result = await run(left);
      found.push(...(result.data ?? []));
      return result.unprocessed as K[];
    },
    policy,
  );
  return found;
}

/** Deletes these keys through an ElectroDB batch delete (`keys => entity.delete(keys).go()`). */
export async function deleteAll<K>(
  keys: K[],
  run: (keys: K[]) => Promise<Batch<unknown>>,
  policy: RetryPolicy = RETRY,
): Promise<void> {
  await untilProcessed("batch delete", keys, async (left) => (await run(left)).unprocessed as K[], policy);
}

type Key = Record<string, unknown>;
type Send = (command: BatchGetCommand | BatchWriteCommand) => Promise<{
  Responses?: Record<string, Key[]>;
  UnprocessedKeys?: Record<string, { Keys?: Key[] }>;
  UnprocessedItems?: Record<string, unknown[]>;
}>;

export interface Options {
  consistent?: boolean;
  /** Requests in flight at once. */
  parallel?: number;
  policy?: RetryPolicy;
  /** The DocumentClient's send; a unit test of the policy gives its own. */
  send?: Send;
}

const send: Send = (command) => documents.send(command as BatchGetCommand);

/** BatchGetItem takes at most 100 keys, BatchWriteItem 25 requests. */
export const GET_LIMIT = 100;
export const WRITE_LIMIT = 25;

/**
 * Raw items for primary keys of any entities (`entity.get(key).params().Key`), in BatchGets of 100; tell
 * them apart by ENTITY_ATTRIBUTE and decode them with `entity.parse({ Item })`. Missing items are absent.
 */
export async function getItems(keys: Key[], options: Options = {}): Promise<Key[]> {
  const run = options.send ?? send;
  const found: Key[] = [];
  await pool(chunk(keys, GET_LIMIT), options.parallel ?? 1, (keys) =>
    untilProcessed(
      "batch get",
      keys,
      async (left) => {
        const out = await run(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: left, ConsistentRead: options.consistent } },
          }),
        );
        found.push(...(out.Responses?.[tableName] ?? []));
        return out.UnprocessedKeys?.[tableName]?.Keys ?? [];
      },
      options.policy,
    ),
  );
  return found;
}

/** A raw write request: an ElectroDB `put(...).params().Item` or `delete(...).params().Key`. */
export type WriteRequest = { PutRequest: { Item: Key } } | { DeleteRequest: { Key: Key } };

/** Writes the requests in BatchWrites of 25, `parallel` at a time. Returns how many were written. */
export async function writeItems(requests: WriteRequest[], options: Options = {}): Promise<number> {
  const run = options.send ?? send;
  await pool(chunk(requests, WRITE_LIMIT), options.parallel ?? 1, (batch) =>
    untilProcessed(
      "batch write",
      batch,
      async (left) => {
        const out = await run(new BatchWriteCommand({ RequestItems: { [tableName]: left as never } }));
        return (out.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      },
      options.policy,
    ),
  );
  return requests.length;
}

/**
 * `run` over `items`, at most `limit` at a time, results in order. Items may be an async iterable (pages
 * still being read): a free worker takes the next item as soon as it is there, so no page boundary stalls
 * the others.
 */
export async function pool<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    // An async generator answers its calls in order, so `at` follows the items' order; once it is done it
    // answers done to every worker.
    for (let item = await source.next(); !item.done; item = await source.next()) {
      const at = next++;
      results[at] = await run(item.value);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
