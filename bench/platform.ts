/**
 * Platform benchmark: what the local stream runner adds on top of DynamoDB Local's raw stream API.
 *
 *   pnpm bench            (or: pnpm exec tsx bench/platform.ts --writes 300 --records 5000)
 *
 * Prints, in one run, side by side:
 *   - delivery latency write → handler (runner) p50/p99  vs  write → visible to a tight raw GetRecords loop
 *   - handler throughput (runner, records/s)            vs  raw GetRecords throughput (records/s)
 * Uses an in-memory DynamoDB Local on a free port; nothing else needs to run.
 */

import { parseArgs } from "node:util";
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from "@aws-sdk/client-dynamodb-streams";
import { ensureTable, startDynamoLocal } from "../stacks/local/dynamo";
import { CREDENTIALS, REGION } from "../stacks/local/env";
import { startStreamRunner } from "../stacks/local/streams/runner";
import { type Subscriber, table } from "../stacks/topology";

const { values: args } = parseArgs({
  options: { writes: { type: "string", default: "300" }, records: { type: "string", default: "5000" } },
});
const WRITES = Number(args.writes);
const RECORDS = Number(args.records);
const TABLE = "bench-Table";

const local = await startDynamoLocal({ inMemory: true });
const config = { endpoint: local.endpoint, region: REGION, credentials: CREDENTIALS };
const dynamo = new DynamoDBClient(config);
const streams = new DynamoDBStreamsClient(config);
await ensureTable(dynamo, table, TABLE);

const streamArn = (await dynamo.send(new DescribeTableCommand({ TableName: TABLE }))).Table!.LatestStreamArn!;
const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!
  .Shards![0]!.ShardId!;

const put = (pk: string) =>
  dynamo.send(
    new PutItemCommand({ TableName: TABLE, Item: { pk: { S: pk }, sk: { S: "x" }, n: { N: "1" } } }),
  );

async function iterator(type: ShardIteratorType) {
  const out = await streams.send(
    new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type }),
  );
  return out.ShardIterator!;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

// 1. Raw: write, then GetRecords in a tight loop until the record shows up.
const raw: number[] = [];
let it = await iterator("LATEST");
for (let i = 0; i < WRITES; i++) {
  const pk = `raw-${i}`;
  const started = performance.now();
  await put(pk);
  for (;;) {
    const out = await streams.send(new GetRecordsCommand({ ShardIterator: it }));
    it = out.NextShardIterator!;
    if (out.Records?.some((r) => r.dynamodb?.Keys?.pk?.S === pk)) break;
  }
  raw.push(performance.now() - started);
}

// 2. Runner: the same writes, timed until the handler sees each one.
const seen = new Map<string, () => void>();
const subscriber: Subscriber = {
  name: "Bench",
  handler: "bench",
  filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: "run-" }] } } } }],
  batchSize: 100,
  maxRetries: 0,
  bisectOnError: false,
  startingPosition: "LATEST",
};
const runner = startStreamRunner({
  dynamo,
  streams,
  tableName: TABLE,
  region: REGION,
  subscribers: [subscriber],
  log: () => {},
  invoke: async (_s, event) => {
    for (const r of event.Records) {
      seen.get(r.dynamodb?.Keys?.pk?.S ?? "")?.();
    }
  },
});
await runner.idle();
const viaRunner: number[] = [];
for (let i = 0; i < WRITES; i++) {
  const pk = `run-lat-${i}`;
  const arrived = new Promise<void>((resolve) => seen.set(pk, resolve));
  const started = performance.now();
  await put(pk);
  await arrived;
  viaRunner.push(performance.now() - started);
}

await runner.stop();

// 3. Throughput: RECORDS more items, then the whole stream read from its start by a fresh runner (only
//    the new items pass its filter) and by a raw GetRecords loop.
for (let i = 0; i < RECORDS; i += 25 * 8) {
  await Promise.all(
    Array.from({ length: 8 }, (_, c) => i + c * 25)
      .filter((from) => from < RECORDS)
      .map((from) =>
        dynamo.send(
          new BatchWriteItemCommand({
            RequestItems: {
              [TABLE]: Array.from({ length: Math.min(25, RECORDS - from) }, (_, j) => ({
                PutRequest: { Item: { pk: { S: `tp-${from + j}` }, sk: { S: "x" } } },
              })),
            },
          }),
        ),
      ),
  );
}
const inStream = 2 * WRITES + RECORDS;

// DynamoDB Local's stream reads get faster as its JVM warms: one untimed read first, then raw reads
// before and after the runner's, whose mean is the raw figure, so that neither side gets the warmer JVM.
async function readWholeStream(): Promise<number> {
  let count = 0;
  let shardIt: string | undefined = await iterator("TRIM_HORIZON");
  while (shardIt && count < inStream) {
    const out: GetRecordsCommandOutput = await streams.send(
      new GetRecordsCommand({ ShardIterator: shardIt, Limit: 1000 }),
    );
    count += out.Records?.length ?? 0;
    shardIt = out.NextShardIterator;
  }
  return count;
}
const warmStarted = performance.now();
await readWholeStream();
const warmMs = performance.now() - warmStarted;
const rawBefore = performance.now();
await readWholeStream();
const rawBeforeMs = performance.now() - rawBefore;

let tpDelivered = 0;
let drained!: () => void;
const allDelivered = new Promise<void>((resolve) => {
  drained = resolve;
});
const runnerStarted = performance.now();
const throughputRunner = startStreamRunner({
  dynamo,
  streams,
  tableName: TABLE,
  region: REGION,
  subscribers: [
    {
      ...subscriber,
      startingPosition: "TRIM_HORIZON",
      filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: "tp-" }] } } } }],
    },
  ],
  log: () => {},
  invoke: async (_s, event) => {
    tpDelivered += event.Records.length;
    if (tpDelivered >= RECORDS) drained();
  },
});
await allDelivered;
const runnerMs = performance.now() - runnerStarted;
await throughputRunner.stop();

const rawStarted = performance.now();
const rawCount = await readWholeStream();
const rawMs = (rawBeforeMs + performance.now() - rawStarted) / 2;

const r = summary(raw);
const v = summary(viaRunner);
const fmt = (n: number) => n.toFixed(1).padStart(9);
const runnerRate = inStream / (runnerMs / 1000);
const rawRate = rawCount / (rawMs / 1000);
console.log(`\nstream delivery latency, write → seen (${WRITES} sequential writes), ms`);
console.log("                           p50       p99");
console.log(`runner → handler    ${fmt(v.p50)} ${fmt(v.p99)}`);
console.log(`raw GetRecords loop ${fmt(r.p50)} ${fmt(r.p99)}`);
console.log(`ratio runner/raw    ${fmt(v.p50 / r.p50)}x${fmt(v.p99 / r.p99)}x`);
console.log(
  `\nthroughput, stream records read per second (${inStream} records, ${RECORDS} delivered to the handler)`,
);
console.log(`runner → handler    ${fmt(runnerRate)}   (${runnerMs.toFixed(0)} ms)`);
console.log(
  `raw GetRecords      ${fmt(rawRate)}   (${rawMs.toFixed(0)} ms, mean of a read before and after)`,
);
console.log(`ratio runner/raw    ${fmt(runnerRate / rawRate)}x`);
console.log(`(untimed first raw read of the stream, which warms DynamoDB Local: ${warmMs.toFixed(0)} ms)`);

dynamo.destroy();
streams.destroy();
await local.stop();
