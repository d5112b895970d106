/**
 * Emulates Lambda's DynamoDB event source mappings against DynamoDB Local: every subscriber gets every
 * shard of the table's latest stream from its starting position, as Lambda-shaped, filtered batches.
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
  /** Resolves once every subscriber has consumed everything written before the call (default budget 30 s:
   * the demo seed's pipelines on a loaded machine). */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * Stops reading the stream until the returned function is called (records wait, none is lost): a bench
   * measures a request path without the subscribers' reactions, which on AWS run on their own Lambdas.
   */
  hold(): () => void;
  stats(): StreamRunnerStats;
}

/**
 * One reading of one shard, shared by the subscribers that start there alike: each page is read and
 * decoded once, then filtered into each subscriber's lane. (On AWS each event source mapping reads on its
 * own; here one JVM serves every read, so a GetRecords per subscriber multiplied its load by theirs.)
 */
interface Reader {
  shardId: string;
  lanes: Lane[];
  iterator?: string;
  /** Last record read and handed to the lanes: where to resume with a fresh iterator. */
  lastSequence?: string;
  /** The shard is closed and every lane has handled all its records. */
  drained: boolean;
  /** Tick at which the latest read that found nothing new started. */
  caughtUpAt: number;
  /** Reads in a row that found nothing: the wait before the next one grows with them. */
  quietReads: number;
  /** Ends the reader's wait after a quiet read, if it is in one. */
  wake?: () => void;
  /** Ends the reader's wait for its lanes (for room in them, or for them to finish a closed shard). */
  laneWait: { wake?: () => void };
}

/** One subscriber's records of one shard, in shard order, delivered one page after another. */
interface Lane {
  delivery: Delivery;
  /** Pages of selected records; a page leaves once delivered, so an empty queue means all handled. */
  pages: DynamoDBRecord[][];
  queued: number;
  /** Ends the lane's wait for a page, if it is in one. */
  wake?: () => void;
}

const MAX_ERROR_BACKOFF_MS = 5000;
/** The first wait after a read that found nothing (short, yet not a busy loop of every reader on a
 * trickle of writes); it doubles on each quiet read in a row up to pollIntervalMs. */
const FIRST_QUIET_WAIT_MS = 10;
/** A reader waits while a lane holds this many undelivered records, so a slow subscriber bounds memory
 * (and, past it, slows the others: a lane keeps up to this many records in hand before that). */
const MAX_QUEUED_RECORDS = 5000;
/** A waiting lane or reader also looks again this often (a wake is never missed; this is a backstop). */
const RECHECK_MS = 1000;

const jsonLog = (msg: string, data?: object) => console.error(JSON.stringify({ msg, ...data }));

export function startStreamRunner(o: StreamRunnerOptions): StreamRunner {
  const pollIntervalMs = o.pollIntervalMs ?? 100;
  const log = o.log ?? jsonLog;
  const abort = new AbortController();
  const { signal } = abort;
  const stopped = () => signal.aborted;
  const sleep = (ms: number) => sleepUnlessAborted(ms, signal);
  // Waits that idle() (after a quiet read) or the lanes (for room, for a page) cut short.
  const wakeable = (waiter: { wake?: () => void }, ms: number) => sleepUnlessAborted(ms, signal, waiter);
  const discovery: { wake?: () => void } = {};

  // A logical clock orders reads against idle() calls without relying on wall time.
  let clock = 0;
  const tick = () => ++clock;
  // Pages delivered so far: a handler may write records (a notifier's mail item for the Mailer) after
  // another reader's last quiet read, so idle() asks again until a round delivers nothing.
  let delivered = 0;
  let holds = 0;

  let streamArn: string | undefined;
  let listed: ShardInfo[] = [];
  let listedAt = 0;
  /** Shards present when the runner started take the subscriber's starting position; later ones are read whole. */
  let initialShards: ReadonlySet<string> | undefined;
  /** Subscribers that start alike share a reader of each shard. */
  const groups = [...new Set(o.subscribers.map((s) => s.startingPosition))].map((position) => ({
    position,
    subscribers: o.subscribers.filter((s) => s.startingPosition === position),
  }));
  const readers = new Map<string, Reader>();
  const tasks = new Set<Promise<void>>();
  const stats = Object.fromEntries(o.subscribers.map((s) => [s.name, emptyStats()]));
  const key = (position: ShardIteratorType, shardId: string) => `${position}\u0000${shardId}`;

  function startReadableReaders() {
    if (stopped() || !streamArn || !initialShards) return;
    const listedIds = new Set(listed.map((s) => s.shardId));
    for (const { position, subscribers } of groups) {
      const drained = new Set(
        listed.filter((s) => readers.get(key(position, s.shardId))?.drained).map((s) => s.shardId),
      );
      for (const shard of listed) {
        const k = key(position, shard.shardId);
        if (readers.has(k) || !isReadable(shard, listedIds, drained)) continue;
        const reader: Reader = {
          shardId: shard.shardId,
          lanes: subscribers.map((subscriber) => ({
            delivery: {
              subscriber,
              invoke: o.invoke,
              onFailure: o.onFailure,
              stats: stats[subscriber.name]!,
              log,
              stopped,
              sleep,
            },
            pages: [],
            queued: 0,
          })),
          drained: false,
          caughtUpAt: 0,
          quietReads: 0,
          laneWait: {},
        };
        readers.set(k, reader);
        for (const lane of reader.lanes) track(drive(lane, reader));
        const start = initialShards.has(shard.shardId) ? position : "TRIM_HORIZON";
        track(read(reader, streamArn, start));
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
        startReadableReaders();
      } catch (error) {
        if (stopped()) break;
        failures++;
        // The table may not exist yet: say so once, not on every poll.
        if (describeError(error) !== lastError)
          log("stream discovery failed", { table: o.tableName, error: describeError(error) });
        lastError = describeError(error);
      }
      if (failures === 0) await wakeable(discovery, pollIntervalMs);
      else await sleep(backoff(pollIntervalMs, failures));
    }
  }

  async function read(r: Reader, arn: string, startingPosition: ShardIteratorType) {
    let failures = 0;
    while (!stopped()) {
      const started = tick();
      try {
        while (!stopped() && r.lanes.some((lane) => lane.queued >= MAX_QUEUED_RECORDS))
          await wakeable(r.laneWait, RECHECK_MS);
        while (!stopped() && holds > 0) await wakeable(r, RECHECK_MS);
        r.iterator ??= await shardIterator(o.streams, arn, r, startingPosition, signal);
        const page = await o.streams.send(new GetRecordsCommand({ ShardIterator: r.iterator }), {
          abortSignal: signal,
        });
        const records = page.Records ?? [];
        if (records.length > 0) {
          dispatch(r, records, arn);
          r.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? r.lastSequence;
        }
        failures = 0;
        r.iterator = page.NextShardIterator;
        if (!r.iterator) {
          // A child shard's records come after these: it is read once every lane is done here.
          while (!stopped() && r.lanes.some((lane) => lane.pages.length > 0))
            await wakeable(r.laneWait, RECHECK_MS);
          if (stopped()) break;
          r.drained = true;
          log("stream shard drained", { shardId: r.shardId });
          startReadableReaders();
          return;
        }
        // As Lambda's event source mapping: read again at once while the shard returns records.
        if (records.length > 0) {
          r.quietReads = 0;
          continue;
        }
        r.caughtUpAt = started;
        await wakeable(r, Math.min(pollIntervalMs, FIRST_QUIET_WAIT_MS * 2 ** r.quietReads++));
        continue;
      } catch (error) {
        if (stopped()) break;
        failures++;
        const name = error instanceof Error ? error.name : "";
        if (name === "TrimmedDataAccessException") {
          // The position is older than the stream's 24 h retention: resume at the oldest record left.
          log("stream records trimmed before delivery", { shardId: r.shardId });
          r.lastSequence = undefined;
          startingPosition = "TRIM_HORIZON";
        } else if (name !== "ExpiredIteratorException") {
          log("stream read failed", { shardId: r.shardId, error: describeError(error) });
        }
        // A fresh iterator resumes right after the last record read.
        r.iterator = undefined;
        if (name === "ExpiredIteratorException") continue;
      }
      await sleep(backoff(pollIntervalMs, failures));
    }
  }

  /** Decodes a page once and hands each lane the records its subscriber's filters select. */
  function dispatch(r: Reader, records: _Record[], arn: string) {
    const decoded = records.map((record) => toLambdaRecord(record, { region: o.region, streamArn: arn }));
    for (const lane of r.lanes) {
      const selected = decoded.filter((record) => matches(record, lane.delivery.subscriber.filters));
      lane.delivery.stats.filteredOut += records.length - selected.length;
      if (selected.length === 0) continue;
      lane.pages.push(selected);
      lane.queued += selected.length;
      lane.wake?.();
    }
  }

  /** A lane's delivery loop: its pages one after another (each invocation gets its own copy of them). */
  async function drive(lane: Lane, r: Reader) {
    while (!stopped()) {
      const page = lane.pages[0];
      if (!page) {
        await wakeable(lane, RECHECK_MS);
        continue;
      }
      await deliver(page, lane.delivery);
      if (stopped()) break;
      lane.pages.shift();
      lane.queued -= page.length;
      delivered++;
      r.laneWait.wake?.();
    }
  }

  /** Wakes the readers that have not read the shard since `since`: each reads once more at once. */
  function wakeLaggards(since: number) {
    if (listedAt <= since) discovery.wake?.();
    for (const r of readers.values()) if (!r.drained && r.caughtUpAt <= since) r.wake?.();
  }

  function idleSince(since: number): boolean {
    if (listedAt <= since) return false;
    return groups.every(({ position }) =>
      listed.every((shard) => {
        const r = readers.get(key(position, shard.shardId));
        return (
          r !== undefined &&
          (r.drained || (r.caughtUpAt > since && r.lanes.every((lane) => lane.pages.length === 0)))
        );
      }),
    );
  }

  track(discover());

  return {
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        for (const r of readers.values()) r.wake?.();
      };
    },
    async stop() {
      abort.abort();
      while (tasks.size > 0) await Promise.allSettled([...tasks]);
    },
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const since = tick();
        const before = delivered;
        while (!idleSince(since)) {
          if (stopped()) throw new Error("Stream runner stopped before it was idle");
          if (Date.now() > deadline) throw new Error(`Stream runner not idle after ${timeoutMs} ms`);
          wakeLaggards(since);
          await sleep(5);
        }
        if (delivered === before) return;
        if (Date.now() > deadline) throw new Error(`Stream runner not idle after ${timeoutMs} ms`);
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
  r: Reader,
  startingPosition: ShardIteratorType,
  signal: AbortSignal,
): Promise<string> {
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: r.shardId,
      ...(r.lastSequence
        ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: r.lastSequence }
        : { ShardIteratorType: startingPosition }),
    }),
    { abortSignal: signal },
  );
  if (!ShardIterator) throw new Error(`No iterator for shard ${r.shardId}`);
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
