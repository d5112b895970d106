/**
 * Hands records of one shard to one subscriber the way Lambda's event source mapping does: batches of at
 * most batchSize, one at a time, in order; partial batch responses move the checkpoint; errors bisect the
 * batch (if enabled) or retry it; after maxRetries the remaining records go to the failure destination.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent, DynamoDBStreamHandler } from "aws-lambda";
import type { Subscriber } from "../../topology";

/** What a stream handler resolves to: a partial batch response, or nothing when the batch succeeded. */
export type HandlerResult = Awaited<ReturnType<DynamoDBStreamHandler>>;

export interface SubscriberStats {
  /** Handler invocations. */
  invocations: number;
  /** Records handed to the handler, redeliveries included. */
  delivered: number;
  /** Records the handler completed. */
  succeeded: number;
  /** Records that matched no filter, never delivered. */
  filteredOut: number;
  /** Retries of a failed batch or of its remainder after a partial failure. */
  retries: number;
  /** Records given up on and sent to the failure destination. */
  failed: number;
}

export const emptyStats = (): SubscriberStats => ({
  invocations: 0,
  delivered: 0,
  succeeded: 0,
  filteredOut: 0,
  retries: 0,
  failed: 0,
});

export interface Delivery {
  subscriber: Subscriber;
  invoke: (subscriber: Subscriber, event: DynamoDBStreamEvent) => Promise<HandlerResult>;
  onFailure?: (subscriber: Subscriber, records: DynamoDBRecord[], error: unknown) => Promise<void> | void;
  stats: SubscriberStats;
  log: (msg: string, data?: object) => void;
  stopped: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

type Outcome =
  | { kind: "success" }
  | { kind: "partial"; from: number; error: Error }
  | { kind: "error"; error: unknown };

interface Pending {
  records: DynamoDBRecord[];
  retries: number;
}

/** Delivers `records` (already filtered, in shard order); returns early only when the runner stops. */
export async function deliver(records: DynamoDBRecord[], d: Delivery): Promise<void> {
  const { batchSize } = d.subscriber;
  for (let start = 0; start < records.length && !d.stopped(); start += batchSize)
    await deliverBatch(records.slice(start, start + batchSize), d);
}

async function deliverBatch(batch: DynamoDBRecord[], d: Delivery): Promise<void> {
  const { subscriber, stats } = d;
  // Bisected halves are queued in front, in order, so records still reach the handler in shard order.
  const queue: Pending[] = [{ records: batch, retries: 0 }];
  while (queue.length > 0 && !d.stopped()) {
    const current = queue.shift()!;
    const outcome = await attempt(current.records, d);
    if (outcome.kind === "success") {
      stats.succeeded += current.records.length;
      continue;
    }
    let remaining = current.records;
    if (outcome.kind === "partial") {
      // Records before the lowest reported failure count as done and are never redelivered.
      stats.succeeded += outcome.from;
      remaining = current.records.slice(outcome.from);
    } else if (subscriber.bisectOnError && remaining.length > 1) {
      // As on Lambda, splitting does not use up a retry: the halves start with a fresh count.
      const middle = Math.ceil(remaining.length / 2);
      queue.unshift(
        { records: remaining.slice(0, middle), retries: 0 },
        { records: remaining.slice(middle), retries: 0 },
      );
      d.log("stream batch bisected", {
        subscriber: subscriber.name,
        size: remaining.length,
        error: describeError(outcome.error),
      });
      continue;
    }
    if (current.retries >= subscriber.maxRetries) {
      await giveUp(remaining, outcome.error, d);
      continue;
    }
    stats.retries++;
    d.log("stream batch retried", {
      subscriber: subscriber.name,
      size: remaining.length,
      retry: current.retries + 1,
      error: describeError(outcome.error),
    });
    queue.unshift({ records: remaining, retries: current.retries + 1 });
    await d.sleep(Math.min(1000, 10 * 2 ** current.retries));
  }
}

async function attempt(records: DynamoDBRecord[], d: Delivery): Promise<Outcome> {
  d.stats.invocations++;
  d.stats.delivered += records.length;
  let response: HandlerResult;
  try {
    // A fresh copy per invocation, as each Lambda invocation deserializes its own event.
    response = await d.invoke(d.subscriber, { Records: structuredClone(records) });
  } catch (error) {
    return { kind: "error", error };
  }
  const failures: unknown = response ? response.batchItemFailures : undefined;
  if (failures === undefined || failures === null || (Array.isArray(failures) && failures.length === 0))
    return { kind: "success" };
  if (!Array.isArray(failures))
    return { kind: "error", error: new Error("batchItemFailures is not a list: the whole batch failed") };
  const positions = failures.map((failure: { itemIdentifier?: unknown } | null) => {
    const id = failure?.itemIdentifier;
    return typeof id === "string" && id !== ""
      ? records.findIndex((r) => r.dynamodb?.SequenceNumber === id)
      : -1;
  });
  // An empty, missing or unknown identifier fails the whole batch, as on Lambda.
  if (positions.includes(-1))
    return {
      kind: "error",
      error: new Error("batchItemFailures names an unknown record: the whole batch failed"),
    };
  return {
    kind: "partial",
    from: Math.min(...positions),
    error: new Error(`handler reported ${failures.length} failed record(s)`),
  };
}

async function giveUp(records: DynamoDBRecord[], error: unknown, d: Delivery): Promise<void> {
  d.stats.failed += records.length;
  d.log("stream records sent to the failure destination", {
    subscriber: d.subscriber.name,
    sequenceNumbers: records.map((r) => r.dynamodb?.SequenceNumber),
    error: describeError(error),
  });
  try {
    await d.onFailure?.(d.subscriber, records, error);
  } catch (failure) {
    // Like a failing destination on AWS, this must not stall the shard: the records are dropped.
    d.log("stream failure destination failed", {
      subscriber: d.subscriber.name,
      error: describeError(failure),
    });
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
