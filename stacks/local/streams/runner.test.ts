import {
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import type { Subscriber } from "../../topology";
import { intercept, REGION, useTestDynamo } from "../testing/dynamo-local";
import { type StreamRunner, type StreamRunnerOptions, startStreamRunner } from "./runner";

const local = useTestDynamo("runner");
const runners: StreamRunner[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

const newTable = local.newTable;

const subscriber = (over: Partial<Subscriber> = {}): Subscriber => ({
  name: "Test",
  handler: "test.handler",
  filters: [],
  batchSize: 10,
  maxRetries: 2,
  bisectOnError: false,
  startingPosition: "TRIM_HORIZON",
  ...over,
});

function run(
  tableName: string,
  over: Partial<StreamRunnerOptions> & Pick<StreamRunnerOptions, "subscribers" | "invoke">,
) {
  const runner = startStreamRunner({
    dynamo: local.db.dynamo,
    streams: local.db.streams,
    tableName,
    region: REGION,
    pollIntervalMs: 20,
    log: () => {},
    ...over,
  });
  runners.push(runner);
  return runner;
}

async function put(tableName: string, pk: string, sk: string, attributes: Record<string, string> = {}) {
  await local.db.dynamo.send(
    new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: pk },
        sk: { S: sk },
        ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { S: v }])),
      },
    }),
  );
}

const skOf = (r: DynamoDBRecord) => r.dynamodb!.Keys!.sk!.S!;
const seqOf = (r: DynamoDBRecord) => r.dynamodb!.SequenceNumber!;

/** Counts deliveries per sort key and remembers each batch's sort keys. */
function recorder() {
  const counts: Record<string, number> = {};
  const batches: string[][] = [];
  return {
    counts,
    batches,
    see(event: DynamoDBStreamEvent) {
      const sks = event.Records.map(skOf);
      batches.push(sks);
      for (const sk of sks) counts[sk] = (counts[sk] ?? 0) + 1;
    },
  };
}

describe("stream runner", () => {
  it("delivers records in Lambda's shape", async () => {
    const table = await newTable();
    await put(table, "p", "a", { v: "1" });
    await local.db.dynamo.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: "p" }, sk: { S: "a" } },
        UpdateExpression: "SET v = :v, b = :b",
        ExpressionAttributeValues: { ":v": { S: "2" }, ":b": { B: new Uint8Array([104, 105]) } },
      }),
    );
    const { Table } = await local.db.dynamo.send(new DescribeTableCommand({ TableName: table }));
    const seen: DynamoDBRecord[] = [];
    const runner = run(table, {
      subscribers: [subscriber()],
      invoke: async (_, e) => void seen.push(...e.Records),
    });
    await runner.idle();

    expect(seen.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY"]);
    const modify = seen[1]!;
    expect(Object.keys(modify)).toEqual([
      "eventID",
      "eventName",
      "eventVersion",
      "eventSource",
      "awsRegion",
      "dynamodb",
      "eventSourceARN",
    ]);
    expect(modify).toMatchObject({
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: REGION,
      eventSourceARN: Table!.LatestStreamArn,
      dynamodb: {
        Keys: { pk: { S: "p" }, sk: { S: "a" } },
        OldImage: { pk: { S: "p" }, sk: { S: "a" }, v: { S: "1" } },
        NewImage: { pk: { S: "p" }, sk: { S: "a" }, v: { S: "2" }, b: { B: "aGk=" } },
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
    expect(typeof modify.dynamodb!.ApproximateCreationDateTime).toBe("number");
    expect(typeof modify.dynamodb!.SizeBytes).toBe("number");
    expect(BigInt(seqOf(modify))).toBeGreaterThan(BigInt(seqOf(seen[0]!)));
  });

  it("redelivers only the failed record and those after it when a handler reports one failure", async () => {
    const table = await newTable();
    for (const sk of ["r0", "r1", "r2", "r3", "r4"]) await put(table, "p", sk);
    const seen = recorder();
    let failedOnce = false;
    const runner = run(table, {
      subscribers: [subscriber({ batchSize: 10 })],
      invoke: async (_, event): Promise<DynamoDBBatchResponse> => {
        seen.see(event);
        const r2 = event.Records.find((r) => skOf(r) === "r2");
        if (!r2 || failedOnce) return { batchItemFailures: [] };
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: seqOf(r2) }] };
      },
    });
    await runner.idle();

    expect(seen.batches).toEqual([
      ["r0", "r1", "r2", "r3", "r4"],
      ["r2", "r3", "r4"],
    ]);
    expect(seen.counts).toEqual({ r0: 1, r1: 1, r2: 2, r3: 2, r4: 2 });
    expect(runner.stats().subscribers.Test).toMatchObject({ succeeded: 5, retries: 1, failed: 0 });
  });

  it("retries from the lowest reported failure, and the whole batch for an unknown identifier", async () => {
    const table = await newTable();
    for (const sk of ["r0", "r1", "r2", "r3"]) await put(table, "p", sk);
    const seen = recorder();
    const responses: ((records: DynamoDBRecord[]) => DynamoDBBatchResponse)[] = [
      (records) => ({
        batchItemFailures: [records[3]!, records[1]!].map((r) => ({ itemIdentifier: seqOf(r) })),
      }),
      () => ({ batchItemFailures: [{ itemIdentifier: "" }] }),
      () => ({ batchItemFailures: [{ itemIdentifier: "999999" }] }),
    ];
    const runner = run(table, {
      subscribers: [subscriber({ maxRetries: 5 })],
      invoke: async (_, event) => {
        seen.see(event);
        return responses.shift()?.(event.Records);
      },
    });
    await runner.idle();

    expect(seen.batches).toEqual([
      ["r0", "r1", "r2", "r3"],
      ["r1", "r2", "r3"],
      ["r1", "r2", "r3"],
      ["r1", "r2", "r3"],
    ]);
  });

  it("sends a record that always fails to the failure destination after maxRetries and moves on", async () => {
    const table = await newTable();
    for (const sk of ["r0", "r1", "r2", "r3"]) await put(table, "p", sk);
    const seen = recorder();
    const failures: { sks: string[]; error: unknown }[] = [];
    const runner = run(table, {
      subscribers: [subscriber({ batchSize: 2, maxRetries: 2 })],
      invoke: async (_, event) => {
        seen.see(event);
        const poison = event.Records.find((r) => skOf(r) === "r1");
        return { batchItemFailures: poison ? [{ itemIdentifier: seqOf(poison) }] : [] };
      },
      onFailure: (_, records, error) => void failures.push({ sks: records.map(skOf), error }),
    });
    await runner.idle();

    expect(seen.counts).toEqual({ r0: 1, r1: 3, r2: 1, r3: 1 });
    expect(failures.map((f) => f.sks)).toEqual([["r1"]]);
    expect(runner.stats().subscribers.Test).toMatchObject({ succeeded: 3, retries: 2, failed: 1 });
  });

  it("bisects a batch whose handler throws until the bad record is isolated", async () => {
    const table = await newTable();
    for (const sk of ["r0", "r1", "r2", "r3"]) await put(table, "p", sk);
    const seen = recorder();
    const failures: { sks: string[]; error: unknown }[] = [];
    const runner = run(table, {
      subscribers: [subscriber({ maxRetries: 1, bisectOnError: true })],
      invoke: async (_, event) => {
        seen.see(event);
        if (event.Records.some((r) => skOf(r) === "r2")) throw new Error("bad record r2");
      },
      onFailure: (_, records, error) => void failures.push({ sks: records.map(skOf), error }),
    });
    await runner.idle();

    expect(seen.batches).toEqual([
      ["r0", "r1", "r2", "r3"],
      ["r0", "r1"],
      ["r2", "r3"],
      ["r2"],
      ["r2"],
      ["r3"],
    ]);
    expect(failures).toEqual([{ sks: ["r2"], error: new Error("bad record r2") }]);
  });

  it("keeps the order of writes to a key, one batch at a time", async () => {
    const table = await newTable();
    const versions = Array.from({ length: 30 }, (_, i) => String(i + 1).padStart(2, "0"));
    for (const v of versions) {
      await put(table, "account", "balance", { v });
      await put(table, "other", `o${v}`);
    }
    const delivered: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const runner = run(table, {
      subscribers: [
        subscriber({ batchSize: 7, filters: [{ dynamodb: { Keys: { pk: { S: ["account"] } } } }] }),
      ],
      invoke: async (_, event) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        delivered.push(...event.Records.map((r) => r.dynamodb!.NewImage!.v!.S!));
        inFlight--;
      },
    });
    await runner.idle();

    expect(delivered).toEqual(versions);
    expect(maxInFlight).toBe(1);
  });

  it("drops records no filter matches, each subscriber reading from its own position", async () => {
    const table = await newTable();
    await put(table, "e1", "#", { __edb_e__: "email" });
    await put(table, "p1", "#", { __edb_e__: "post" });
    await put(table, "e1", "#", { __edb_e__: "email", status: "sent" });
    await local.db.dynamo.send(
      new DeleteItemCommand({ TableName: table, Key: { pk: { S: "e1" }, sk: { S: "#" } } }),
    );
    const got: Record<string, string[]> = { Emails: [], Everything: [] };
    const runner = run(table, {
      subscribers: [
        subscriber({
          name: "Emails",
          filters: [{ eventName: ["INSERT"], dynamodb: { NewImage: { __edb_e__: { S: ["email"] } } } }],
        }),
        subscriber({ name: "Everything" }),
      ],
      invoke: async (s, event) =>
        void got[s.name]!.push(...event.Records.map((r) => `${r.eventName} ${r.dynamodb!.Keys!.pk!.S}`)),
    });
    await runner.idle();

    expect(got.Emails).toEqual(["INSERT e1"]);
    expect(got.Everything).toEqual(["INSERT e1", "INSERT p1", "MODIFY e1", "REMOVE e1"]);
    expect(runner.stats().subscribers.Emails!.filteredOut).toBe(3);
  });

  it("reads a shard once for all subscribers, yet a slow one holds no other back", async () => {
    const table = await newTable();
    for (const sk of ["a", "b", "c"]) await put(table, "p", sk);
    let iterators = 0;
    const counted = intercept(local.db.streams, (command) => {
      if (command instanceof GetShardIteratorCommand) iterators++;
    });
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const fast: string[] = [];
    let fastDone!: () => void;
    const fastSaw = new Promise<void>((r) => {
      fastDone = r;
    });
    const slow: string[] = [];
    const runner = run(table, {
      streams: counted,
      subscribers: [subscriber({ name: "Slow" }), subscriber({ name: "Fast" })],
      invoke: async (s, event) => {
        const sks = event.Records.map(skOf);
        if (s.name === "Slow") {
          await released;
          slow.push(...sks);
        } else {
          fast.push(...sks);
          if (fast.length === 3) fastDone();
        }
      },
    });
    await fastSaw;
    expect(slow).toEqual([]);
    release();
    await runner.idle();

    expect(fast).toEqual(["a", "b", "c"]);
    expect(slow).toEqual(["a", "b", "c"]);
    // One reader of each shard for both (a reader per subscriber would take an iterator each).
    expect(iterators).toBe(runner.stats().shards);
  });

  it("delivers records written while it runs, once each, despite expired iterators and read errors", async () => {
    const table = await newTable();
    let reads = 0;
    // Two reads fail: one with an expired iterator, one with a network error.
    const flaky = intercept(local.db.streams, (command) => {
      if (!(command instanceof GetRecordsCommand)) return;
      reads++;
      if (reads === 3) throw new ExpiredIteratorException({ message: "Iterator expired", $metadata: {} });
      if (reads === 5) throw Object.assign(new Error("socket hang up"), { name: "NetworkingError" });
    });
    const seen = recorder();
    const runner = run(table, {
      streams: flaky,
      subscribers: [subscriber()],
      invoke: async (_, e) => seen.see(e),
    });
    const sks = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, "0")}`);
    for (const sk of sks) {
      await put(table, "p", sk);
      if (sk.endsWith("3") || sk.endsWith("7")) await runner.idle();
    }
    await runner.idle();

    expect(reads).toBeGreaterThan(5);
    expect(seen.batches.flat()).toEqual(sks);
  });

  it("reads nothing while held, then delivers every record written meanwhile, once", async () => {
    const table = await newTable();
    const seen = recorder();
    const runner = run(table, { subscribers: [subscriber()], invoke: async (_, e) => seen.see(e) });
    await put(table, "p", "before");
    await runner.idle();
    const release = runner.hold();
    for (const sk of ["r1", "r2", "r3"]) await put(table, "p", sk);
    await new Promise((resolve) => setTimeout(resolve, 300)); // many poll intervals (20 ms)
    expect(seen.counts).toEqual({ before: 1 });
    release();
    release(); // a second call changes nothing
    await runner.idle();
    expect(seen.counts).toEqual({ before: 1, r1: 1, r2: 1, r3: 1 });
  });

  it("stops after the invocation in flight completes", async () => {
    const table = await newTable();
    await put(table, "p", "r0");
    const events: string[] = [];
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const invoked = new Promise<void>((r) => {
      started = r;
    });
    const runner = run(table, {
      subscribers: [subscriber()],
      invoke: async (_, event) => {
        events.push(`invoked ${event.Records.map(skOf).join()}`);
        started();
        await released;
        events.push("handler done");
      },
    });
    await invoked;
    const stopped = runner.stop().then(() => events.push("stopped"));
    release();
    await stopped;

    expect(events).toEqual(["invoked r0", "handler done", "stopped"]);
  });

  it("is idle only once what a handler wrote meanwhile has reached its subscriber too", async () => {
    const table = await newTable();
    const mailed: string[] = [];
    const runner = run(table, {
      subscribers: [
        subscriber({ name: "Notifier", filters: [{ dynamodb: { Keys: { pk: { S: ["run"] } } } }] }),
        subscriber({ name: "Mailer", filters: [{ dynamodb: { Keys: { pk: { S: ["mail"] } } } }] }),
      ],
      invoke: async (s, e) => {
        if (s.name === "Mailer") return void mailed.push(...e.Records.map(skOf));
        // Slow enough that the shared reader makes a quiet read after idle() began, then the write.
        await new Promise((done) => setTimeout(done, 300));
        for (const r of e.Records) await put(table, "mail", skOf(r));
      },
    });
    await runner.idle();
    await put(table, "run", "r1");
    await runner.idle();
    expect(mailed).toEqual(["r1"]);
  });
});
