/**
 * Emulates Lambda's DynamoDB event source mappings against DynamoDB Local: every subscriber reads every
 * shard of the table's latest stream from its own position, and gets Lambda-shaped, filtered batches.
 */
import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { Subscriber } from "../../topology";
import {
  type Delivery,
  deliver,
  describeError,
  emptyStats,
  type HandlerResult,
  type SubscriberStats,
} from "./delivery";
import { matches } from "./filter";
import { toLambdaRecord } from "./records";
import { isReadable, listShards, type ShardInfo } from "./shards";

export type { HandlerResult, SubscriberStats } from "./delivery";

export interface StreamRunnerOptions {
  /** For DescribeTable, which names the latest stream. */
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  /** Reported as `awsRegion` in records, as Lambda does. */
  region: string;
  subscribers: readonly Subscriber[];
  invoke: (subscriber: Subscriber, event: DynamoDBStreamEvent) => Promise<HandlerResult>;
  /** The on-failure destination: records given up on after maxRetries. */
  onFailure?: (subscriber: Subscriber, records: DynamoDBRecord[], error: unknown) => Promise<void> | void;
  /** The longest wait between reads of a quiet shard; a shard that returned records is read again at once. */
  pollIntervalMs?: number;
  log?: (msg: string, data?: object) => void;
}

export interface StreamRunnerStats {
  streamArn?: string;
  shards: number;
  subscribers: Record<string, SubscriberStats>;
}

export interface StreamRunner {
  /** Ends polling and waits for in-flight invocations. */
  stop(): Promise<void>;
  /** Resolves once every subscriber has consumed everything written before the call. */
  idle(timeoutMs?: number): Promise<void>;
  stats(): StreamRunnerStats;
}

/** One subscriber's reading of one shard. */
interface Consumer {
  subscriber: Subscriber;
  shardId: string;
  iterator?: string;
  /** Last record handled (delivered or filtered out): where to resume with a fresh iterator. */
  lastSequence?: string;
  /** The shard is closed and all its records handled. */
  drained: boolean;
  /** Tick at which the latest read that found nothing new started. */
  caughtUpAt: number;
  /** Reads in a row that found nothing: the wait before the next one grows with them. */
  quietReads: number;
  /** Ends the consumer's current wait after a quiet read, if it is in one. */
  wake?: () => void;
}

const MAX_ERROR_BACKOFF_MS = 5000;
/** The first wait after a read that found nothing (short, yet not a busy loop of every subscriber on a
 * trickle of writes); it doubles on each quiet read in a row up to pollIntervalMs. */
const FIRST_QUIET_WAIT_MS = 10;

const jsonLog = (msg: string, data?: object) => console.error(JSON.stringify({ msg, ...data }));

export function startStreamRunner(o: StreamRunnerOptions): StreamRunner {
  const pollIntervalMs = o.pollIntervalMs ?? 100;
  const log = o.log ?? jsonLog;
  const abort = new AbortController();
  const { signal } = abort;
  const stopped = () => signal.aborted;
  const sleep = (ms: number) => sleepUnlessAborted(ms, signal);
  // Waits after a quiet read, which idle() cuts short for readers it still waits on, so that its answer
  // does not wait on a poll interval (once each: a busy loop of every reader would starve the handlers).
  const quietWait = (waiter: { wake?: () => void }, ms: number) => sleepUnlessAborted(ms, signal, waiter);
  const discovery: { wake?: () => void } = {};

  // A logical clock orders reads against idle() calls without relying on wall time.
  let clock = 0;
  const tick = () => ++clock;

  let streamArn: string | undefined;
  let listed: ShardInfo[] = [];
  let listedAt = 0;
  /** Shards present when the runner started take the subscriber's starting position; later ones are read whole. */
  let initialShards: ReadonlySet<string> | undefined;
  const consumers = new Map<string, Consumer>();
  const tasks = new Set<Promise<void>>();
  const stats = Object.fromEntries(o.subscribers.map((s) => [s.name, emptyStats()]));
  const key = (subscriber: Subscriber, shardId: string) => `${subscriber.name}\u0000${shardId}`;

  function startReadableConsumers() {
    if (stopped() || !streamArn || !initialShards) return;
    const listedIds = new Set(listed.map((s) => s.shardId));
    for (const subscriber of o.subscribers) {
      const drained = new Set(
        listed.filter((s) => consumers.get(key(subscriber, s.shardId))?.drained).map((s) => s.shardId),
      );
      for (const shard of listed) {
        const k = key(subscriber, shard.shardId);
        if (consumers.has(k) || !isReadable(shard, listedIds, drained)) continue;
        const consumer: Consumer = {
          subscriber,
          shardId: shard.shardId,
          drained: false,
          caughtUpAt: 0,
          quietReads: 0,
        };
        consumers.set(k, consumer);
        const start = initialShards.has(shard.shardId) ? subscriber.startingPosition : "TRIM_HORIZON";
        track(consume(consumer, streamArn, start));
      }
    }
  }

  function track(task: Promise<void>) {
    tasks.add(task);
    task.finally(() => tasks.delete(task));
  }

  async function discover() {
    let failures = 0;
    let lastError = "";
    while (!stopped()) {
      const started = tick();
      try {
        streamArn ??= await latestStreamArn(o.dynamo, o.tableName, signal);
        listed = await listShards(o.streams, streamArn, signal);
        initialShards ??= new Set(listed.map((s) => s.shardId));
        listedAt = started;
        failures = 0;
        startReadableConsumers();
      } catch (error) {
        if (stopped()) break;
        failures++;
        // The table may not exist yet: say so once, not on every poll.
        if (describeError(error) !== lastError)
          log("stream discovery failed", { table: o.tableName, error: describeError(error) });
        lastError = describeError(error);
      }
      if (failures === 0) await quietWait(discovery, pollIntervalMs);
      else await sleep(backoff(pollIntervalMs, failures));
    }
  }

  async function consume(c: Consumer, arn: string, startingPosition: ShardIteratorType) {
    const delivery: Delivery = {
      subscriber: c.subscriber,
      invoke: o.invoke,
      onFailure: o.onFailure,
      stats: stats[c.subscriber.name]!,
      log,
      stopped,
      sleep,
    };
    let failures = 0;
    while (!stopped()) {
      const started = tick();
      try {
        c.iterator ??= await shardIterator(o.streams, arn, c, startingPosition, signal);
        const page = await o.streams.send(new GetRecordsCommand({ ShardIterator: c.iterator }), {
          abortSignal: signal,
        });
        const records = page.Records ?? [];
        if (records.length > 0) {
          await handle(records, arn, delivery);
          if (stopped()) break;
          c.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? c.lastSequence;
        }
        failures = 0;
        c.iterator = page.NextShardIterator;
        if (!c.iterator) {
          c.drained = true;
          log("stream shard drained", { subscriber: c.subscriber.name, shardId: c.shardId });
          startReadableConsumers();
          return;
        }
        // As Lambda's event source mapping: read again at once while the shard returns records.
        if (records.length > 0) {
          c.quietReads = 0;
          continue;
        }
        c.caughtUpAt = started;
        await quietWait(c, Math.min(pollIntervalMs, FIRST_QUIET_WAIT_MS * 2 ** c.quietReads++));
        continue;
      } catch (error) {
        if (stopped()) break;
        failures++;
        const name = error instanceof Error ? error.name : "";
        if (name === "TrimmedDataAccessException") {
          // The position is older than the stream's 24 h retention: resume at the oldest record left.
          log("stream records trimmed before delivery", {
            subscriber: c.subscriber.name,
            shardId: c.shardId,
          });
          c.lastSequence = undefined;
          startingPosition = "TRIM_HORIZON";
        } else if (name !== "ExpiredIteratorException") {
          log("stream read failed", {
            subscriber: c.subscriber.name,
            shardId: c.shardId,
            error: describeError(error),
          });
        }
        // A fresh iterator resumes right after the last handled record.
        c.iterator = undefined;
        if (name === "ExpiredIteratorException") continue;
      }
      await sleep(backoff(pollIntervalMs, failures));
    }
  }

  async function handle(records: _Record[], arn: string, delivery: Delivery) {
    const { subscriber, stats: s } = delivery;
    const selected = records
      .map((r) => toLambdaRecord(r, { region: o.region, streamArn: arn }))
      .filter((r) => matches(r, subscriber.filters));
    s.filteredOut += records.length - selected.length;
    await deliver(selected, delivery);
  }

  /** Wakes the readers that have not read the shard since `since`: each reads once more at once. */
  function wakeLaggards(since: number) {
    if (listedAt <= since) discovery.wake?.();
    for (const c of consumers.values()) if (!c.drained && c.caughtUpAt <= since) c.wake?.();
  }

  function idleSince(since: number): boolean {
    if (listedAt <= since) return false;
    return o.subscribers.every((subscriber) =>
      listed.every((shard) => {
        const c = consumers.get(key(subscriber, shard.shardId));
        return c !== undefined && (c.drained || c.caughtUpAt > since);
      }),
    );
  }

  track(discover());

  return {
    async stop() {
      abort.abort();
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
    async idle(timeoutMs = 10_000) {
      const since = tick();
      const deadline = Date.now() + timeoutMs;
      while (!idleSince(since)) {
        if (stopped()) throw new Error("Stream runner stopped before it was idle");
        if (Date.now() > deadline) throw new Error(`Stream runner not idle after ${timeoutMs} ms`);
        wakeLaggards(since);
        await sleep(5);
      }
    },
    stats() {
      return {
        streamArn,
        shards: listed.length,
        subscribers: Object.fromEntries(Object.entries(stats).map(([name, s]) => [name, { ...s }])),
      };
    },
  };
}

async function latestStreamArn(
  dynamo: DynamoDBClient,
  tableName: string,
  signal: AbortSignal,
): Promise<string> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }), {
    abortSignal: signal,
  });
  if (!Table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream`);
  return Table.LatestStreamArn;
}

async function shardIterator(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  c: Consumer,
  startingPosition: ShardIteratorType,
  signal: AbortSignal,
): Promise<string> {
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: c.shardId,
      ...(c.lastSequence
        ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: c.lastSequence }
        : { ShardIteratorType: startingPosition }),
    }),
    { abortSignal: signal },
  );
  if (!ShardIterator) throw new Error(`No iterator for shard ${c.shardId}`);
  return ShardIterator;
}

const backoff = (pollIntervalMs: number, failures: number) =>
  failures === 0 ? pollIntervalMs : Math.min(MAX_ERROR_BACKOFF_MS, pollIntervalMs * 2 ** failures);

/** Sleeps `ms`, less if aborted or if `waiter.wake` (set while the sleep lasts) is called. */
function sleepUnlessAborted(ms: number, signal: AbortSignal, waiter?: { wake?: () => void }): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      if (waiter?.wake === done) waiter.wake = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    if (waiter) waiter.wake = done;
  });
}
