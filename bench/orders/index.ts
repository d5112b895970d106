/**
 * Order feeds benchmark: accepted orders per second through the ingestion API, next to raw
 * TransactWriteItems on the same DynamoDB Local at the same concurrency, and p50/p99 per request.
 *
 *   pnpm bench:orders      (or: pnpm exec tsx --tsconfig packages/web/tsconfig.json bench/orders/index.ts
 *                           --singles 600 --batches 30 --concurrency 16)
 *
 * Starts an in-memory local platform (as tests do), creates a partner and a key, then in one run:
 *   - singles: one event per request, through POST /api/partners/{id}/orders' route handler (real Request
 *     objects with x-api-key: key check, rules, validation, numbering transaction, answer), CONCURRENCY at
 *     a time; raw: TransactWriteItems of the same three items (counter update, order put, guard put) on
 *     a counter of their own per worker (no contention: the storage's ceiling at that concurrency);
 *   - batches of 100 through the same route, 4 at a time; raw: the same 100 orders as transactions of
 *     49 (counter + 49 orders + 49 guards), 4 at a time.
 * Then checks the partner's sequence: 1..N, no gap, no duplicate. Goal: the API at ≥ 0.7× raw.
 */
import { parseArgs } from "node:util";
import { DynamoDBClient, type TransactWriteItem, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { CREDENTIALS, REGION } from "../../stacks/local/env";
import { startPlatform } from "../../stacks/local/platform";

const { values: args } = parseArgs({
  options: {
    singles: { type: "string", default: "600" },
    batches: { type: "string", default: "30" },
    concurrency: { type: "string", default: "16" },
  },
});
const SINGLES = Number(args.singles);
const BATCHES = Number(args.batches);
const CONCURRENCY = Number(args.concurrency);
const BATCH_CONCURRENCY = 4;
const BATCH = 100;
const PER_TRANSACTION = 49;

process.env.BOURSE_RATE_LIMITS = "off";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Actor } = await import("../../packages/core/src/actor/index");
  const { Partner } = await import("../../packages/core/src/partner/index");
  const { tableName } = await import("../../packages/core/src/dynamo/index");
  const { orders } = await import("../../packages/core/src/order/entities");
  const { event } = await import("../../packages/core/src/order/testing/index");
  const ingest = await route("../../packages/web/src/app/api/partners/[id]/orders/route");
  const dynamo = new DynamoDBClient({
    endpoint: platform.endpoints.dynamodb,
    region: REGION,
    credentials: CREDENTIALS,
  });

  const partner = await Actor.system("bench", () => Partner.create({ name: "Bench Brokerage" }));
  const { key } = await Actor.system("bench", () => Partner.createKey(partner.id));
  let accepted = 0;
  const push = async (body: unknown) => {
    const req = new Request(`http://localhost/api/partners/${partner.id}/orders`, {
      method: "POST",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = await ingest.POST(req, { params: Promise.resolve({ id: partner.id }) });
    if (response.status !== 200) throw new Error(`push: ${response.status} ${await response.text()}`);
    const { results } = (await response.json()) as { results: { status: string }[] };
    accepted += results.filter((r) => r.status === "accepted").length;
  };

  // Raw: the same items as the route's transaction writes, as bare TransactWriteItems.
  let rawCounter = 0;
  const rawOrders = async (worker: string, from: number, n: number) => {
    const items: TransactWriteItem[] = [
      {
        Update: {
          TableName: tableName,
          Key: { pk: { S: `bench#counter#${worker}` }, sk: { S: "c" } },
          UpdateExpression: "SET #last = :to",
          ConditionExpression: from === 0 ? "attribute_not_exists(#last)" : "#last = :from",
          ExpressionAttributeNames: { "#last": "last" },
          ExpressionAttributeValues: {
            ":to": { N: String(from + n) },
            ...(from ? { ":from": { N: String(from) } } : {}),
          },
        },
      },
    ];
    for (let i = 1; i <= n; i++) {
      const id = `${worker}-${from + i}`;
      const item = {
        symbol: { S: "AAPL" },
        side: { S: "buy" },
        quantity: { N: "10" },
        type: { S: "limit" },
        price: { S: "187.25" },
      };
      items.push(
        {
          Put: {
            TableName: tableName,
            Item: {
              pk: { S: `bench#orders#${worker}` },
              sk: { S: String(from + i).padStart(12, "0") },
              ...item,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { pk: { S: `bench#guard#${id}` }, sk: { S: "g" }, seq: { N: String(from + i) } },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      );
    }
    await dynamo.send(new TransactWriteItemsCommand({ TransactItems: items }));
  };

  // Warm-up: module caches, the SDK's connections, JIT.
  await push(event("warm-0"));
  await rawOrders("warm", 0, 1);
  accepted = 0;

  // 1. Single events.
  const singles = await measure(SINGLES, CONCURRENCY, (i) => push(event(`s-${i}`)));
  // Each worker its own counter, moved by its own transactions one after another (no contention).
  const rawDone = new Map<number, number>();
  const rawSingles = await measure(SINGLES, CONCURRENCY, async (_i, w) => {
    const from = rawDone.get(w) ?? 0;
    await rawOrders(`w${w}`, from, 1);
    rawDone.set(w, from + 1);
  });
  // 2. Batches of 100.
  const batches = await measure(BATCHES, BATCH_CONCURRENCY, (b) =>
    push({ events: Array.from({ length: BATCH }, (_, i) => event(`b-${b}-${i}`)) }),
  );
  const rawBatches = await measure(BATCHES, BATCH_CONCURRENCY, async (b) => {
    const worker = `bw${b}`;
    for (let from = 0; from < BATCH; from += PER_TRANSACTION)
      await rawOrders(worker, from, Math.min(PER_TRANSACTION, BATCH - from));
    rawCounter += BATCH;
  });

  const numbered = (
    await orders.query.primary({ partnerID: partner.id }).go({ pages: "all", consistent: true })
  ).data.map((o) => o.sequence);
  const gapFree = numbered.every((s, i) => s === i + 1); // 1 is the warm-up
  const expected = SINGLES + BATCHES * BATCH;

  const row = (name: string, perSecond: number, raw: number, m: Measured) =>
    console.log(
      `${name.padEnd(22)} ${perSecond.toFixed(0).padStart(8)} orders/s   raw ${raw.toFixed(0).padStart(8)} orders/s   ratio ${(perSecond / raw).toFixed(2)}×   p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms per request`,
    );
  console.log(
    `order feeds, one partner, DynamoDB Local in memory (${SINGLES} singles at ${CONCURRENCY}, ${BATCHES} batches of ${BATCH} at ${BATCH_CONCURRENCY})`,
  );
  row("single events", SINGLES / singles.seconds, SINGLES / rawSingles.seconds, singles);
  row(
    `batches of ${BATCH}`,
    (BATCHES * BATCH) / batches.seconds,
    (BATCHES * BATCH) / rawBatches.seconds,
    batches,
  );
  console.log(
    `raw p50/p99 per call: singles ${rawSingles.p50.toFixed(1)}/${rawSingles.p99.toFixed(1)} ms, batches ${rawBatches.p50.toFixed(1)}/${rawBatches.p99.toFixed(1)} ms`,
  );
  console.log(
    `accepted ${accepted} of ${expected}; sequences 1..${numbered.length} gap-free: ${gapFree && numbered.length === expected + 1} (raw orders ${rawCounter})`,
  );
} finally {
  await platform.stop();
}

interface Measured {
  seconds: number;
  p50: number;
  p99: number;
}

/** Runs `work(i)` for i in 0..n-1, `concurrency` at a time: total seconds, p50/p99 per call in ms. */
async function measure(
  n: number,
  concurrency: number,
  work: (i: number, worker: number) => Promise<unknown>,
): Promise<Measured> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async (_, worker) => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await work(i, worker);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? Number.NaN;
  return { seconds, p50: at(50), p99: at(99) };
}

/** A web route module, imported by a computed path so the root type check does not pull in packages/web. */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
function route(path: string): Promise<{ POST: Handler }> {
  return import(path);
}
