import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allHandlers, email } from "../topology";
import { invokeHandler, loadHandler } from "./handlers";
import { type Platform, startPlatform } from "./platform";

/** Java processes serving `port`, found by their command line. */
function javaOn(port: number): string[] {
  const ps = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" });
  return ps
    .split("\n")
    .filter((line) => /^\s*\d+ java .*DynamoDBLocal\.jar/.test(line) && line.includes(`-port ${port} `));
}
const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe("an in-memory platform", () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ crons: false });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  test("application code finds every resource through `sst` and the SDK's endpoint variables", async () => {
    const { Resource } = await import("sst");
    expect(Resource.App).toEqual({ name: "bourse", stage: "local" });
    expect(Resource.Table.name).toBe("bourse-local-Table");
    expect(Resource.Media.name).toBe("bourse-local-media");
    expect(Resource.Data.name).toBe("bourse-local-data");
    expect(Resource.Email).toMatchObject({ sender: email.sender, configSet: expect.any(String) });
    expect(Resource.JwtSigningKey.value).toMatch(/^[\w-]{40,}$/);
    expect(process.env).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: platform.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: platform.endpoints.s3,
      AWS_ENDPOINT_URL_SESV2: platform.endpoints.ses,
      AWS_REGION: "us-east-1",
    });
  });

  test("every handler of the topology loads", async () => {
    for (const handler of allHandlers()) expect(await loadHandler(handler)).toBeTypeOf("function");
  });

  test("a handler is invoked with a Lambda context and its result returned", async () => {
    const result = await invokeHandler<{ statusCode: number; body: string }>(
      "packages/functions/src/api/health.handler",
      { requestContext: { requestId: "r1" } },
      { functionName: "bourse-local-HealthApi" },
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: "ok" });
  });

  test("mail written to the table goes out through the Mailer subscriber and the local SES", async () => {
    const { Email } = await import("@bourse/core/email");
    const subject = `platform test ${Date.now()}`;
    await Email.send({ to: "ada@example.com", subject, text: "hello" });
    await platform.idle();
    expect(platform.outbox.list()).toContainEqual(
      expect.objectContaining({ Subject: subject, Destination: { ToAddresses: ["ada@example.com"] } }),
    );
  });

  test("a price file under inputs/ of the data bucket is ingested by the DataInput handler, then analysed", async () => {
    const { client } = await import("@bourse/core/storage");
    const { Actor } = await import("@bourse/core/actor");
    const { PriceRun } = await import("@bourse/core/price-data");
    const { Resource } = await import("sst");
    const owner = { type: "user", properties: { userID: "platformtest", sessionID: "s" } } as const;
    const body = "Date,Open,High,Low,Close,Volume\n2017-01-03,1,2,0.5,1.5,100\n";
    const { run, upload } = await Actor.provide(owner, () =>
      PriceRun.create({ filename: "ABC.csv", contentType: "text/csv", size: body.length }),
    );
    await client.send(
      new PutObjectCommand({
        Bucket: Resource.Data.name,
        Key: upload.key,
        Body: body,
        ContentType: "text/csv",
      }),
    );
    await platform.idle();
    expect(await Actor.provide(owner, () => PriceRun.get(run.id))).toMatchObject({
      status: "done",
      symbols: ["ABC"],
      counts: { rows: 1, valid: 1, rejected: 0 },
    });
  });

  test("a client configured by the environment alone presigns URLs without checksum parameters", async () => {
    const { Resource } = await import("sst");
    const url = await getSignedUrl(
      new S3Client({}),
      new PutObjectCommand({ Bucket: Resource.Media.name, Key: "k" }),
    );
    expect(url.startsWith(`${platform.endpoints.s3}/${Resource.Media.name}/k?`)).toBe(true);
    expect(url).not.toMatch(/checksum/i);
  });
});

test("stop() ends every process and restores the environment", async () => {
  const before = process.env.SST_RESOURCE_Table;
  const platform = await startPlatform({ crons: false, stage: "another" });
  const port = portOf(platform.endpoints.dynamodb);
  expect(javaOn(port)).toHaveLength(1);
  await platform.stop();
  expect(javaOn(port)).toEqual([]);
  expect(process.env.SST_RESOURCE_Table).toBe(before);
  await expect(fetch(platform.endpoints.s3)).rejects.toThrow();
  await expect(fetch(platform.endpoints.ses)).rejects.toThrow();
});

test("with a data folder, data and secrets survive a restart; --fresh empties the data only", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "bourse-platform-test-"));
  const item = { TableName: "bourse-local-Table", Key: { pk: { S: "kept" }, sk: { S: "kept" } } };
  // Clients configured by the environment, which the running platform has set.
  const read = async () => {
    const client = new DynamoDBClient({});
    try {
      return (await client.send(new GetItemCommand(item))).Item;
    } finally {
      client.destroy();
    }
  };
  try {
    const first = await startPlatform({ dataDir, crons: false });
    const key = first.env.SST_RESOURCE_JwtSigningKey;
    const client = new DynamoDBClient({});
    await client.send(new PutItemCommand({ TableName: item.TableName, Item: item.Key }));
    client.destroy();
    await first.stop();
    expect(existsSync(join(dataDir, "dynamodb"))).toBe(true);

    const second = await startPlatform({ dataDir, crons: false });
    expect(await read()).toEqual(item.Key);
    expect(second.env.SST_RESOURCE_JwtSigningKey).toBe(key);
    await second.stop();

    const fresh = await startPlatform({ dataDir, fresh: true, crons: false });
    expect(await read()).toBeUndefined();
    expect(fresh.env.SST_RESOURCE_JwtSigningKey).toBe(key);
    await fresh.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  // Three disk-backed JVM starts and stops: ~9 s on an idle machine, 24 s with the cores busy, over 60 s
  // once in CI amid the suite's other emulators. A budget for the slow machine, not a timing assertion.
}, 240_000);
