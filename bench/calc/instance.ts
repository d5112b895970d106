/**
 * The servers under test of bench/calc, in a process of their own (as a Lambda instance is: the platform's
 * stream subscribers, sweeper and the load generator do not share its event loop), started by bench/calc.ts
 * with the local platform's environment and driven over IPC:
 *   - bare: `node:http` doing the same calculation (core's arithmetic) and the same PutItem (the
 *     calculation's item, as ElectroDB writes it) on the same DynamoDB Local, nothing else;
 *   - the Calc function URL as the local platform serves it (startUrlFunctions + invokeHandler: payload
 *     2.0 events into the real handler: token check, validation, arithmetic, the write, metrics);
 *   - `puts`: the emulator's own capacity, the bare server's PutItem in a loop at a given concurrency.
 * It counts the table commands each server sends, and keeps the first PutItem of each, so the bench can
 * show that both write the same item the same way.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PutItemCommand, type PutItemCommandInput } from "@aws-sdk/client-dynamodb";
import * as Auth from "../../packages/core/src/auth";
import { evaluate, textOf } from "../../packages/core/src/calc/arithmetic";
import { client, tableName } from "../../packages/core/src/dynamo";
import { invokeHandler } from "../../stacks/local/handlers";
import { startUrlFunctions } from "../../stacks/local/url-functions";
import { urlFunctions } from "../../stacks/topology";

export type Request =
  | { type: "puts"; concurrency: number; seconds: number }
  | { type: "usage" }
  | { type: "stop" };

export interface Puts {
  type: "puts";
  count: number;
  seconds: number;
  p50: number;
  p99: number;
}
export interface Usage {
  type: "usage";
  /** Table commands sent since the last take, by name. */
  calls: Record<string, number>;
  /** The shape of the first PutItem since the last take: attribute names, condition. */
  put?: string;
}
export interface Ready {
  type: "ready";
  bare: string;
  functionUrl: string;
  token: string;
}

const functionName = process.argv[2] ?? "bourse-bench-CalcApi";
const send = (message: Ready | Puts | Usage) => process.send?.(message);

let calls: Record<string, number> = {};
let put: string | undefined;
/** Commands not answered yet: a take waits for them (a run's last requests are still being served). */
let inFlight = 0;
client.middlewareStack.add(
  (next, context) => async (args) => {
    const name = (context.commandName ?? "").replace(/Command$/, "");
    if (name === "PutItem" && put === undefined) put = shapeOf(args.input as PutItemCommandInput);
    inFlight++;
    try {
      return await next(args);
    } finally {
      inFlight--;
      calls[name] = (calls[name] ?? 0) + 1;
    }
  },
  // After the correlation stamp (initialize step), so the shape is the one sent.
  { step: "build", name: "benchCalls" },
);

function shapeOf(input: PutItemCommandInput): string {
  const attributes = Object.keys(input.Item ?? {}).sort();
  return `${attributes.join(",")} | condition: ${input.ConditionExpression ?? "none"}`;
}

/** The calculation's item as ElectroDB writes it (calc/entities.ts), under the request's id. */
function bareItem(operation: string, operands: string[], result: string, now: number, requestId: string) {
  const id = randomUUID(); // a ULID costs the same; ulid is no dependency of the root
  return {
    id,
    command: new PutItemCommand({
      TableName: tableName,
      Item: {
        pk: { S: "$bourse#ownerid_bench" },
        sk: { S: `$calculation_1#calcid_${id}` },
        ownerID: { S: "bench" },
        calcID: { S: id },
        operation: { S: operation },
        operands: { L: operands.map((o) => ({ S: o })) },
        result: { S: result },
        createdAt: { N: String(now) },
        expiresAt: { N: String(Math.floor(now / 1000) + 30 * 86_400) },
        correlationId: { S: requestId },
        __edb_e__: { S: "calculation" },
        __edb_v__: { S: "1" },
      },
      ConditionExpression: "attribute_not_exists(#pk) AND attribute_not_exists(#sk)",
      ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
    }),
  };
}

// The baseline: parse, the same arithmetic, the same item written with one PutItem, the JSON answer.
const bare = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const result = evaluate(input.operation, input.operands);
  const now = Date.now();
  const operands: string[] = input.operands.map(textOf);
  const { id, command } = bareItem(input.operation, operands, result, now, randomUUID());
  await client.send(command);
  const body = JSON.stringify({ id, operation: input.operation, operands, result, createdAt: now });
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
});
bare.keepAliveTimeout = 60_000;
await new Promise<void>((done) => bare.listen(0, "127.0.0.1", done));

const calc = urlFunctions.filter((f) => f.name === "CalcApi");
const functions = await startUrlFunctions({
  functions: calc,
  invoke: (fn, event) => invokeHandler(fn.handler, event, { functionName }),
});

const tag = Date.now().toString(36);
const tokens = await Auth.signup(
  {
    email: `bench.${tag}@example.com`,
    password: "correct horse battery staple",
    handle: `bench_${tag}`,
    displayName: "Bench",
  },
  { ip: "198.51.100.7" },
);

/** The emulator alone: the bare server's PutItem, `concurrency` at a time, for `seconds`. */
async function puts(concurrency: number, seconds: number): Promise<Puts> {
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const started = performance.now();
        const { command } = bareItem("add", ["0.1", "0.2", "1.5"], "1.8", Date.now(), randomUUID());
        await client.send(command);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { type: "puts", count: latencies.length, seconds, p50: at(0.5), p99: at(0.99) };
}

process.on("message", async (message: Request) => {
  if (message.type === "puts") send(await puts(message.concurrency, message.seconds));
  else if (message.type === "usage") {
    for (let waited = 0; inFlight > 0 && waited < 30_000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
    send({ type: "usage", calls, put });
    calls = {};
    put = undefined;
  } else {
    bare.closeAllConnections();
    await Promise.all([new Promise((done) => bare.close(done)), functions.stop()]);
    process.exit(0);
  }
});

send({
  type: "ready",
  bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
  functionUrl: `${functions.urls.CalcApi}/`,
  token: tokens.accessToken,
});
