import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { table as topologyTable } from "../topology";
import { startStreamRunner } from "./streams/runner";
import { intercept, REGION, useTestDynamo } from "./testing/dynamo-local";
import { startTtlSweeper, type TtlSweeper } from "./ttl-sweeper";

const HOUR = 3600;
const YEAR = 365 * 24 * HOUR;

const local = useTestDynamo("ttl");
const sweepers: TtlSweeper[] = [];

afterEach(async () => {
  await Promise.all(sweepers.splice(0).map((s) => s.stop()));
});

// DynamoDB Local expires items of TTL tables by itself, on its own schedule. Items here expire only on
// the sweeper's clock, two hours ahead of the real one, so that every deletion is the sweeper's.
const realSeconds = () => Math.floor(Date.now() / 1000);
const sweeperClock = () => Date.now() + 2 * HOUR * 1000;

const newTable = local.newTable;

function sweeper(tableName: string, dynamo: DynamoDBClient = local.db.dynamo) {
  // An interval far beyond the test, so only explicit sweep() calls run.
  const s = startTtlSweeper({
    dynamo,
    tableName,
    attribute: topologyTable.ttl,
    intervalMs: 3_600_000,
    now: sweeperClock,
  });
  sweepers.push(s);
  return s;
}

async function put(tableName: string, pk: string, expiresAt?: { N: string } | { S: string }) {
  await local.db.dynamo.send(
    new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: pk }, sk: { S: "#" }, ...(expiresAt ? { expiresAt } : {}) },
    }),
  );
}

async function remainingKeys(tableName: string): Promise<string[]> {
  const { Items = [] } = await local.db.dynamo.send(new ScanCommand({ TableName: tableName }));
  return Items.map((i) => i.pk!.S!).sort();
}

describe("ttl sweeper", () => {
  it("deletes expired items in one sweep, and the REMOVE records reach a subscriber", async () => {
    const table = await newTable();
    const now = realSeconds();
    await put(table, "expired", { N: String(now + HOUR) });
    await put(table, "fresh", { N: String(now + 3 * HOUR) });
    await put(table, "forever");
    await put(table, "not-a-number", { S: "0" });
    await put(table, "ancient", { N: String(now - 6 * YEAR) });
    const removed: DynamoDBRecord[] = [];
    const runner = startStreamRunner({
      dynamo: local.db.dynamo,
      streams: local.db.streams,
      tableName: table,
      region: REGION,
      pollIntervalMs: 20,
      log: () => {},
      subscribers: [
        {
          name: "Expiry",
          handler: "test.handler",
          filters: [{ eventName: ["REMOVE"] }],
          batchSize: 10,
          maxRetries: 0,
          bisectOnError: false,
          startingPosition: "TRIM_HORIZON",
        },
      ],
      invoke: async (_, event) => void removed.push(...event.Records),
    });
    try {
      expect(await sweeper(table).sweep()).toBe(1);
      await runner.idle();
    } finally {
      await runner.stop();
    }

    expect(await remainingKeys(table)).toEqual(["ancient", "forever", "fresh", "not-a-number"]);
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatchObject({
      eventName: "REMOVE",
      dynamodb: {
        Keys: { pk: { S: "expired" }, sk: { S: "#" } },
        OldImage: { pk: { S: "expired" }, expiresAt: { N: String(now + HOUR) } },
      },
    });
  });

  it("pages through a table larger than one scan", async () => {
    const table = await newTable();
    const filler = "x".repeat(4000);
    // 300 items of 4 KB exceed the 1 MB a scan page reads; every third one is expired.
    for (let batch = 0; batch < 12; batch++) {
      await local.db.dynamo.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table]: Array.from({ length: 25 }, (_, i) => {
              const n = batch * 25 + i;
              const expiresAt = realSeconds() + (n % 3 === 0 ? HOUR : 3 * HOUR);
              return {
                PutRequest: {
                  Item: {
                    pk: { S: `i${n}` },
                    sk: { S: "#" },
                    expiresAt: { N: String(expiresAt) },
                    filler: { S: filler },
                  },
                },
              };
            }),
          },
        }),
      );
    }
    let scans = 0;
    const s = sweeper(
      table,
      intercept(local.db.dynamo, (command) => {
        if (command instanceof ScanCommand) scans++;
      }),
    );

    expect(await s.sweep()).toBe(100);
    expect(scans).toBeGreaterThan(1);
    expect(await remainingKeys(table)).toHaveLength(200);
    expect(await s.sweep()).toBe(0);
  });

  it("spares an item refreshed between its scan and its deletion", async () => {
    const table = await newTable();
    const now = realSeconds();
    await put(table, "refreshed", { N: String(now + HOUR) });
    await put(table, "gone", { N: String(now + HOUR) });
    // Just before each deletion, another writer refreshes "refreshed".
    const racing = intercept(local.db.dynamo, async (command) => {
      if (command instanceof DeleteItemCommand) await put(table, "refreshed", { N: String(now + 5 * HOUR) });
    });

    expect(await sweeper(table, racing).sweep()).toBe(1);
    const { Item } = await local.db.dynamo.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: "refreshed" }, sk: { S: "#" } } }),
    );
    expect(Item?.expiresAt).toEqual({ N: String(now + 5 * HOUR) });
    expect(await remainingKeys(table)).toEqual(["refreshed"]);
  });
});
