/**
 * Order feeds benchmark: accepted orders per second through the ingestion API, next to raw
 * TransactWriteItems of the same items on the same DynamoDB Local, p50/p99 per request, and the table
 * round trips and refused transactions per request.
 *
 *   pnpm bench:orders      (or: pnpm exec tsx --tsconfig packages/web/tsconfig.json bench/orders/index.ts
 *                           --singles 600 --batches 30 --concurrency 16 --caches on)
 *
 * Starts an in-memory local platform (as tests do, its stream subscribers running), creates a partner and
 * a key, warms the JVM until two rounds in a row run at the same rate, then runs each part in three
 * slices, the API's and the raws' taking turns (a load spike on the shared machine falls on all alike),
 * the platform idle before each slice:
 *   - singles: one event per request through POST /api/partners/{id}/orders' route handler (real Request
 *     objects with x-api-key: key check, rules, validation, numbering, answer), CONCURRENCY at a time;
 *   - batches of 100 through the same route, BATCH_CONCURRENCY at a time;
 * and for each, two raw baselines sending core's own numbering transaction (`numbering`: the counter's
 * conditional move, each order with its event-time index keys, each orderId guard) through a bare client:
 *   - one counter: the same storage work as the API's for one partner, whose gap-free numbering allows
 *     one transaction on its counter at a time: one order per transaction (singles), 49 (batches);
 *   - a counter per worker at the API's concurrency: what DynamoDB Local does with no ordering across
 *     workers; for batches the API runs the same way too, one partner per worker.
 * Then checks the partner's sequence: 1..N, no gap, no duplicate. Goal: the API at ≥ 0.7× raw.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { parseArgs } from "node:util";
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { CREDENTIALS, REGION } from "../../stacks/local/env";
import { startPlatform } from "../../stacks/local/platform";
import { meter, perOperation, type Usage } from "../lib/capacity";
import { marshalAction } from "../lib/marshal";

const { values: args } = parseArgs({
  options: {
    singles: { type: "string", default: "600" },
    batches: { type: "string", default: "30" },
    concurrency: { type: "string", default: "16" },
    /** `off`: every request reads its key and rules from the table (the figures before the caches). */
    caches: { type: "string", default: "on" },
  },
});
const SINGLES = Number(args.singles);
const BATCHES = Number(args.batches);
const CONCURRENCY = Number(args.concurrency);
const BATCH_CONCURRENCY = 4;
const BATCH = 100;
const SLICES = 3;

process.env.BOURSE_RATE_LIMITS = "off";
const platform = await startPlatform({ crons: false, stage: "bench", log: () => {} });
try {
  // Imported only now: application modules read `Resource` and the SDK endpoints when they load.
  const { Actor } = await import("../../packages/core/src/actor/index");
  const { Partner } = await import("../../packages/core/src/partner/index");
  const { orders } = await import("../../packages/core/src/order/entities");
  const { check } = await import("../../packages/core/src/order/event");
  const { DEFAULT } = await import("../../packages/core/src/order/rules");
  const { numbering, PER_TRANSACTION } = await import("../../packages/core/src/order/sequence");
  const { event } = await import("../../packages/core/src/order/testing/index");
  const { client } = await import("../../packages/core/src/dynamo/client");
  const { setCachesEnabled } = await import("../../packages/core/src/util/cache");
  setCachesEnabled(args.caches !== "off");
  const ingest = await route("../../packages/web/src/app/api/partners/[id]/orders/route");
  // Only the requests' own table traffic counts, not that of the subscribers sharing core's client.
  const inRequest = new AsyncLocalStorage<true>();
  const requests = meter(client, () => inRequest.getStore() === true);
  const bare = new DynamoDBClient({
    endpoint: platform.endpoints.dynamodb,
    region: REGION,
    credentials: CREDENTIALS,
  });
  bare.middlewareStack.remove("loggerMiddleware"); // as core's client
  const raw = meter(bare);

  const newPartner = async (name: string) => {
    const info = await Actor.system("bench", () => Partner.create({ name }));
    const { key } = await Actor.system("bench", () => Partner.createKey(info.id));
    return { id: info.id, key };
  };
  const partner = await newPartner("Bench Brokerage");
  // As many partners as the raw batches' counters: the like-for-like of "a counter per worker".
  const others = await Promise.all(
    Array.from({ length: BATCH_CONCURRENCY }, (_, i) => newPartner(`Bench Brokerage ${i + 1}`)),
  );
  let accepted = 0;
  const push = async (body: unknown, to = partner) => {
    const req = new Request(`http://localhost/api/partners/${to.id}/orders`, {
      method: "POST",
      headers: { "x-api-key": to.key, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = await inRequest.run(true, () =>
      ingest.POST(req, { params: Promise.resolve({ id: to.id }) }),
    );
    if (response.status !== 200) throw new Error(`push: ${response.status} ${await response.text()}`);
    const { results } = (await response.json()) as { results: { status: string }[] };
    if (to === partner) accepted += results.filter((r) => r.status === "accepted").length;
  };

  // Raw: core's numbering transaction for a counter of the bench's own, sent by a bare client. Items
  // put under a request carry its correlation id (core's client stamps it): so do these.
  let rawOrders = 0;
  const counters = new Map<string, number>();
  const rawNumber = async (counter: string, ids: string[]) => {
    const receivedAt = Date.now();
    const pending = ids.map((id) => {
      const checked = check(event(id), DEFAULT, receivedAt);
      if (!checked.ok) throw new Error(`bench event ${id} refused: ${checked.reasons}`);
      return { order: checked.order, receivedAt };
    });
    const last = counters.get(counter) ?? 0;
    const items = numbering(counter, last, pending) as { Put?: { Item: Record<string, unknown> } }[];
    for (const item of items) if (item.Put) item.Put.Item.correlationId = `raw-${counter}-${last}`;
    await bare.send(new TransactWriteItemsCommand({ TransactItems: items.map(marshalAction) }));
    counters.set(counter, last + ids.length);
    rawOrders += ids.length;
  };
  /** `n` orders as transactions of up to `per` on one counter, one after another. */
  const rawChain = async (counter: string, prefix: string, n: number, per: number) => {
    for (let from = 0; from < n; from += per)
      await rawNumber(
        counter,
        Array.from({ length: Math.min(per, n - from) }, (_, i) => `${prefix}-${from + i}`),
      );
  };
  const settle = () => platform.idle(300_000);

  // Warm-up: module caches, the SDK's connections, and the JVM's JIT (its first rounds run 2-3× slower):
  // rounds of both paths until the raw rate of a round is within 15 % of the round before.
  const warmRates: number[] = [];
  for (let round = 0; round < 8; round++) {
    const n = 4 * CONCURRENCY;
    await measure(n, CONCURRENCY, (i) => push(event(`warm-${round}-${i}`)));
    await measure(1, 1, () =>
      push({ events: Array.from({ length: BATCH }, (_, i) => event(`warmb-${round}-${i}`)) }),
    );
    const t = await measure(n, CONCURRENCY, (i, w) => rawNumber(`bench-warm-${w}`, [`warm-${round}-${i}`]));
    warmRates.push(n / t.seconds);
    const [before, now] = warmRates.slice(-2);
    if (round >= 2 && before && now && Math.abs(now - before) / before < 0.15) break;
  }
  const warmed = accepted;
  await settle();

  // Each part runs in SLICES slices, the API's and the raw's taking turns, so a load spike on the shared
  // machine falls on both sides alike; the platform is idle before every slice.
  const usage: Record<string, { usage: Usage; requests: number }> = {};
  interface Part {
    name: string;
    meter: ReturnType<typeof meter>;
    n: number;
    concurrency: number;
    work: (i: number, worker: number) => Promise<unknown>;
  }
  const interleaved = async (parts: Part[]): Promise<Measured[]> => {
    const done = parts.map(() => ({ seconds: 0, samples: [] as number[] }));
    for (let slice = 0; slice < SLICES; slice++)
      for (const [k, part] of parts.entries()) {
        const from = Math.floor((slice * part.n) / SLICES);
        const to = Math.floor(((slice + 1) * part.n) / SLICES);
        await settle();
        part.meter.take();
        const m = await measure(to - from, part.concurrency, (i, w) => part.work(from + i, w));
        add(part.name, part.meter.take(), to - from);
        (done[k] as { seconds: number }).seconds += m.seconds;
        done[k]?.samples.push(...m.samples);
      }
    return done.map(({ seconds, samples }) => ({ seconds, ...percentiles(samples), samples }));
  };
  const add = (name: string, u: Usage, n: number) => {
    const into = usage[name] ?? { usage: { calls: {}, failed: {}, read: 0, write: 0 }, requests: 0 };
    for (const [k, v] of Object.entries(u.calls)) into.usage.calls[k] = (into.usage.calls[k] ?? 0) + v;
    for (const [k, v] of Object.entries(u.failed)) into.usage.failed[k] = (into.usage.failed[k] ?? 0) + v;
    into.usage.read += u.read;
    into.usage.write += u.write;
    into.requests += n;
    usage[name] = into;
  };
  const batchOf = (b: number) => ({ events: Array.from({ length: BATCH }, (_, i) => event(`b-${b}-${i}`)) });

  // 1. Single events.
  const [singles, rawSinglesOne, rawSinglesMany] = (await interleaved([
    {
      name: "API single",
      meter: requests,
      n: SINGLES,
      concurrency: CONCURRENCY,
      work: (i) => push(event(`s-${i}`)),
    },
    {
      name: "raw single, one counter",
      meter: raw,
      n: SINGLES,
      concurrency: 1,
      work: (i) => rawNumber("bench-one-s", [`s-${i}`]),
    },
    {
      name: `raw single, ${CONCURRENCY} counters`,
      meter: raw,
      n: SINGLES,
      concurrency: CONCURRENCY,
      work: (i, w) => rawNumber(`bench-s-${w}`, [`s-${i}`]),
    },
  ])) as [Measured, Measured, Measured];
  // 2. Batches of 100.
  const [batches, rawBatchesOne, batchesMany, rawBatchesMany] = (await interleaved([
    {
      name: "API batch",
      meter: requests,
      n: BATCHES,
      concurrency: BATCH_CONCURRENCY,
      work: (b) => push(batchOf(b)),
    },
    {
      name: "raw batch, one counter",
      meter: raw,
      n: BATCHES,
      concurrency: 1,
      work: (b) => rawChain("bench-one-b", `b-${b}`, BATCH, PER_TRANSACTION),
    },
    {
      name: `API batch, ${BATCH_CONCURRENCY} partners`,
      meter: requests,
      n: BATCHES,
      concurrency: BATCH_CONCURRENCY,
      work: (b, w) => push(batchOf(b), others[w]),
    },
    {
      name: `raw batch, ${BATCH_CONCURRENCY} counters`,
      meter: raw,
      n: BATCHES,
      concurrency: BATCH_CONCURRENCY,
      work: (b, w) => rawChain(`bench-b-${w}`, `b-${b}`, BATCH, PER_TRANSACTION),
    },
  ])) as [Measured, Measured, Measured, Measured];

  const sequences = async (partnerID: string) =>
    (await orders.query.primary({ partnerID }).go({ pages: "all", consistent: true })).data.map(
      (o) => o.sequence,
    );
  const numbered = await sequences(partner.id);
  const othersNumbered = (await Promise.all(others.map((o) => sequences(o.id)))).flat().length;
  const othersGapFree = (await Promise.all(others.map((o) => sequences(o.id)))).every((s) =>
    s.every((n, i) => n === i + 1),
  );
  const gapFree = numbered.every((s, i) => s === i + 1);
  const expected = warmed + SINGLES + BATCHES * BATCH;

  const rate = (n: number, m: Measured) => n / m.seconds;
  const latency = (m: Measured) => `p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`;
  const line = (name: string, perSecond: number, m: Measured, ...vs: [string, number][]) =>
    console.log(
      `  ${name.padEnd(26)} ${perSecond.toFixed(0).padStart(6)} orders/s   ${latency(m).padEnd(32)}${vs.map(([who, api]) => `${who} ${(api / perSecond).toFixed(2)}×`).join(", ")}`,
    );
  console.log(
    `order feeds, one partner, DynamoDB Local in memory, platform running (${SINGLES} singles at ${CONCURRENCY}, ${BATCHES} batches of ${BATCH} at ${BATCH_CONCURRENCY}, caches ${args.caches})`,
  );
  console.log(`warm-up: raw single rate per round ${warmRates.map((r) => r.toFixed(0)).join(", ")} orders/s`);
  const single = rate(SINGLES, singles);
  console.log("single events (latency per request / per transaction)");
  line("API", single, singles);
  line("raw, one counter", rate(SINGLES, rawSinglesOne), rawSinglesOne, ["API ratio", single]);
  line(`raw, ${CONCURRENCY} counters`, rate(SINGLES, rawSinglesMany), rawSinglesMany, ["API ratio", single]);
  const batch = rate(BATCHES * BATCH, batches);
  console.log(`batches of ${BATCH} (latency per request / per ${BATCH} orders)`);
  line("API", batch, batches);
  line("raw, one counter", rate(BATCHES * BATCH, rawBatchesOne), rawBatchesOne, ["API ratio", batch]);
  const batchMany = rate(BATCHES * BATCH, batchesMany);
  line(`API, ${BATCH_CONCURRENCY} partners`, batchMany, batchesMany);
  line(
    `raw, ${BATCH_CONCURRENCY} counters`,
    rate(BATCHES * BATCH, rawBatchesMany),
    rawBatchesMany,
    [`API (${BATCH_CONCURRENCY} partners) ratio`, batchMany],
    ["one partner's", batch],
  );
  console.log("table work per request (refused: commands that threw, e.g. a cancelled transaction)");
  for (const [name, { usage: u, requests: n }] of Object.entries(usage)) {
    const failed = Object.entries(u.failed).map(([k, v]) => `${(v / n).toFixed(2)} ${k}`);
    console.log(`  ${name.padEnd(26)} ${perOperation(u, n)}; refused: ${failed.join(", ") || "none"}`);
  }
  console.log(
    `accepted ${accepted} of ${expected}; sequences 1..${numbered.length} gap-free: ${gapFree && numbered.length === expected}; ${BATCH_CONCURRENCY} partners: ${othersNumbered} of ${BATCHES * BATCH} numbered, gap-free: ${othersGapFree} (raw orders ${rawOrders})`,
  );
} finally {
  await platform.stop();
}

interface Measured {
  seconds: number;
  p50: number;
  p99: number;
  samples: number[];
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
  return { seconds, ...percentiles(samples), samples };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(50), p99: at(99) };
}

/** A web route module, imported by a computed path so the root type check does not pull in packages/web. */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
function route(path: string): Promise<{ POST: Handler }> {
  return import(path);
}
