import { execFileSync, spawn } from "node:child_process";
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { table } from "../topology";
import { type DynamoLocal, ensureTable, startDynamoLocal } from "./dynamo";
import { CREDENTIALS, REGION } from "./env";

/** Java processes serving `port`, found by their command line. */
function javaOn(port: number): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps
    .split("\n")
    .filter((line) => /^\s*\d+ java .*DynamoDBLocal\.jar/.test(line) && line.includes(`-port ${port} `));
}

describe("DynamoDB Local with the topology's table", () => {
  let dynamo: DynamoLocal;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dynamo = await startDynamoLocal({ inMemory: true });
    // The platform's one key pair, S3RVER/S3RVER, is letters only, which DynamoDB Local requires.
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials: CREDENTIALS });
  });
  afterAll(async () => {
    client.destroy();
    await dynamo?.stop();
  });

  test("creates the table: keys, GSIs, stream, TTL, on-demand; again is a no-op", async () => {
    await ensureTable(client, table, "Fresh");
    await ensureTable(client, table, "Fresh");
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "Fresh" }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(Table?.LatestStreamArn).toBeTruthy();
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((i) => [
        i.IndexName,
        [i.KeySchema, i.Projection?.ProjectionType],
      ]),
    );
    expect(indexes).toEqual(
      Object.fromEntries(
        Object.entries(table.globalIndexes).map(([name, keys]) => [
          name,
          [
            [
              { AttributeName: keys.hashKey, KeyType: "HASH" },
              { AttributeName: keys.rangeKey, KeyType: "RANGE" },
            ],
            "ALL",
          ],
        ]),
      ),
    );
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: "Fresh" }));
    expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  test("completes an existing table with a GSI added to the topology, keeping its items", async () => {
    const { gsi3: _, ...older } = table.globalIndexes;
    await ensureTable(client, { ...table, globalIndexes: older } as unknown as typeof table, "Older");
    await client.send(new PutItemCommand({ TableName: "Older", Item: { pk: { S: "a" }, sk: { S: "b" } } }));
    await ensureTable(client, table, "Older");
    const { Table } = await client.send(new DescribeTableCommand({ TableName: "Older" }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(["gsi1", "gsi2", "gsi3"]);
    expect(Table?.ItemCount).toBe(1);
  });
});

describe("the Java process", () => {
  test("stop() ends it", async () => {
    const dynamo = await startDynamoLocal({ inMemory: true });
    expect(javaOn(dynamo.port)).toHaveLength(1);
    await dynamo.stop();
    expect(javaOn(dynamo.port)).toEqual([]);
  });

  test("dies with its parent, even a SIGKILLed one", async () => {
    const parent = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { startDynamoLocal } = await import(${JSON.stringify(new URL("./dynamo.ts", import.meta.url).href)});
         const d = await startDynamoLocal({ inMemory: true });
         console.log(d.port);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const port = Number(
      await new Promise<string>((done) => parent.stdout.once("data", (b: Buffer) => done(b.toString()))),
    );
    try {
      expect(javaOn(port)).toHaveLength(1);
    } finally {
      parent.kill("SIGKILL");
    }
    await expect.poll(() => javaOn(port), { timeout: 10_000 }).toEqual([]);
  });
});
