/**
 * Counters that are true across every instance (each Lambda instance sees a fragment of the traffic):
 * processes count in memory, flush at most about once a second as ONE UpdateItem of `ADD`s per minute (to
 * one of a few shard items, so no item is hot), and the metrics cron folds each closed minute into a
 * running total. The exposition is that total plus the minutes not folded yet: cumulative Prometheus
 * series that never go down, whichever instance answers the scrape.
 *
 * A domain adds a counter with one call, e.g. `Series.count("bourse_market_cache_hits_total", { provider })`
 * and describes it once in `catalog.ts`; `/api/metrics` then exports it.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { client, documents, ENTITY_ATTRIBUTE, tableName } from "../dynamo";
import { type Clock, systemClock } from "../util/clock";

export type Labels = Record<string, string>;

/** Upper bounds (seconds) of the latency histograms' buckets. */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** Stored under this entity name, which the activity meter does not count (platform bookkeeping). */
export const ENTITY = "metricSeries";
const SHARDS = 8;
const KEEP_DAYS = 2;
/** A minute is folded into the total once it has been closed this long (late flushes land first). */
const FOLD_AFTER_MS = 2 * 60_000;
/** At most this many minutes are folded per run, or read unfolded per exposition. */
const MAX_MINUTES = 180;
const FLUSH_EVERY_MS = 1000;
const PER_UPDATE = 90;

const TOTAL_KEY = { pk: "metrics#total", sk: "total" };
const minuteKey = (minute: string, shard: number) => ({ pk: `metrics#${minute}`, sk: `shard#${shard}` });
export const minuteOf = (at: Date) => at.toISOString().slice(0, 16);

/** `name{a="x",b="y"}` with labels sorted and escaped: the series' key and its exposition text. */
export function seriesKey(name: string, labels: Labels = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map(
      (key) =>
        `${key}="${String(labels[key]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    );
  return pairs.length ? `${name}{${pairs.join(",")}}` : name;
}

const shard = Math.floor(Math.random() * SHARDS);
/** Counts not yet flushed, by minute, then series. */
let pending = new Map<string, Map<string, number>>();
let oldest: number | undefined;
let flushing: Promise<void> | undefined;
let ticking = false;

/**
 * Series keys built once per name and labels (a request observes the same few series every time, and
 * sorting and escaping ~15 label sets per request was most of its metrics cost). Bounded: label values
 * come from a known set (routes, statuses, codes, operations), the bound only guards against a mistake.
 */
const KEYS_KEPT = 10_000;
const counterKeys = new Map<string, string>();
const histogramKeys = new Map<string, { buckets: string[]; inf: string; sum: string; count: string }>();

function remembered<V>(cache: Map<string, V>, name: string, labels: Labels, build: () => V): V {
  const id = JSON.stringify([name, labels]);
  let value = cache.get(id);
  if (value === undefined) {
    value = build();
    if (cache.size < KEYS_KEPT) cache.set(id, value);
  }
  return value;
}

/** Adds `by` to a counter (`..._total`). */
export function count(name: string, labels: Labels = {}, by = 1, now: Clock = systemClock) {
  add(
    minuteOf(now()),
    remembered(counterKeys, name, labels, () => seriesKey(name, labels)),
    by,
    now,
  );
}

/** Observes a duration in a histogram: `_bucket{le}` (cumulative), `_sum` and `_count`. */
export function observe(name: string, labels: Labels, seconds: number, now: Clock = systemClock) {
  const minute = minuteOf(now());
  for (const [key, by] of histogram(name, labels, seconds)) add(minute, key, by, now);
}

/** The series an observation adds to (`_bucket{le}` cumulative, `_sum`, `_count`), with how much. */
export function histogram(name: string, labels: Labels, seconds: number): [string, number][] {
  const keys = remembered(histogramKeys, name, labels, () => ({
    buckets: BUCKETS.map((le) => seriesKey(`${name}_bucket`, { ...labels, le: String(le) })),
    inf: seriesKey(`${name}_bucket`, { ...labels, le: "+Inf" }),
    sum: seriesKey(`${name}_sum`, labels),
    count: seriesKey(`${name}_count`, labels),
  }));
  const adds: [string, number][] = [];
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) adds.push([keys.buckets[i] as string, 1]);
  });
  adds.push([keys.inf, 1], [keys.sum, seconds], [keys.count, 1]);
  return adds;
}

/**
 * Counts added exactly once by a stream subscriber (not through the in-memory flush): the ADDs of one
 * minute as a transaction action, so they go in with the subscriber's replay guards. `item` names the
 * writer's own item of the minute (folded and exposed like the shards).
 */
export function additions(item: string, series: [string, number][], now: Clock = systemClock) {
  const { names, values, adds } = expressionOf(series);
  return {
    Update: {
      TableName: tableName,
      Key: { pk: `metrics#${minuteOf(now())}`, sk: item },
      UpdateExpression: `SET #entity = :entity, expiresAt = :expiresAt ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: { ...names, "#entity": ENTITY_ATTRIBUTE },
      ExpressionAttributeValues: {
        ...values,
        ":entity": ENTITY,
        ":expiresAt": Math.floor(now().getTime() / 1000) + KEEP_DAYS * 86_400,
      },
    },
  };
}

function expressionOf(series: [string, number][]) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = series.map(([name, by], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = by;
    return `#s${i} :s${i}`;
  });
  return { names, values, adds };
}

function add(minute: string, key: string, by: number, now: Clock) {
  const series = pending.get(minute) ?? new Map<string, number>();
  pending.set(minute, series);
  series.set(key, (series.get(key) ?? 0) + by);
  oldest ??= now().getTime();
  // Long-running servers flush on a timer too; on Lambda the handler awaits flushIfDue() before answering.
  if (!ticking) setInterval(() => void flushIfDue().catch(() => undefined), FLUSH_EVERY_MS).unref();
  ticking = true;
}

/** Flushes when the oldest pending count is a second old: the per-request cost stays one write a second. */
export async function flushIfDue(now: Clock = systemClock): Promise<void> {
  if (oldest !== undefined && now().getTime() - oldest >= FLUSH_EVERY_MS) await flush(now);
}

/**
 * Writes every count pending at the call (one UpdateItem per minute and 90 series). A write already in
 * flight (the timer's) may have started before the latest counts: wait for it, then write what is left.
 */
export async function flush(now: Clock = systemClock): Promise<void> {
  while (flushing) await flushing.catch(() => undefined);
  if (pending.size === 0) return;
  flushing = write(now).finally(() => {
    flushing = undefined;
  });
  return flushing;
}

async function write(now: Clock) {
  const batch = pending;
  pending = new Map();
  oldest = undefined;
  const expiresAt = Math.floor(now().getTime() / 1000) + KEEP_DAYS * 86_400;
  try {
    await Promise.all(
      [...batch].flatMap(([minute, series]) =>
        chunks([...series], PER_UPDATE).map((part) => addAll(minuteKey(minute, shard), part, { expiresAt })),
      ),
    );
  } catch (error) {
    // Put the counts back: a failed flush is retried by the next one, nothing is lost.
    for (const [minute, series] of batch) for (const [key, by] of series) add(minute, key, by, now);
    throw error;
  }
}

/** One UpdateItem: ADD to each series, SET the rest. */
function addAll(
  key: Record<string, string>,
  series: [string, number][],
  set: Record<string, string | number>,
) {
  const expression = expressionOf(series);
  const names: Record<string, string> = { "#entity": ENTITY_ATTRIBUTE, ...expression.names };
  const values: Record<string, unknown> = { ":entity": ENTITY, ...expression.values };
  const { adds } = expression;
  const sets = Object.entries(set).map(([name, value], i) => {
    names[`#k${i}`] = name;
    values[`:k${i}`] = value;
    return `#k${i} = :k${i}`;
  });
  return documents.send(
    new UpdateCommand({
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET #entity = :entity${sets.map((s) => `, ${s}`).join("")}${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

const BOOKKEEPING = new Set(["pk", "sk", "expiresAt", "through", ENTITY_ATTRIBUTE]);

function seriesOf(item: Record<string, unknown> | undefined, into = new Map<string, number>()) {
  for (const [key, value] of Object.entries(item ?? {}))
    if (!BOOKKEEPING.has(key) && typeof value === "number") into.set(key, (into.get(key) ?? 0) + value);
  return into;
}

async function minuteTotals(minute: string, into = new Map<string, number>()) {
  const page = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `metrics#${minute}` },
      ConsistentRead: true,
    }),
  );
  for (const item of page.Items ?? []) seriesOf(item, into);
  return into;
}

/** The minutes after `through` (exclusive) up to `until` (inclusive), oldest first, at most MAX_MINUTES. */
function minutesBetween(through: string | undefined, until: Date): string[] {
  const last = Date.parse(`${minuteOf(until)}:00Z`);
  const first = through ? Date.parse(`${through}:00Z`) + 60_000 : last - (MAX_MINUTES - 1) * 60_000;
  const minutes: string[] = [];
  for (let t = Math.max(first, last - (MAX_MINUTES - 1) * 60_000); t <= last; t += 60_000)
    minutes.push(minuteOf(new Date(t)));
  return minutes;
}

async function total() {
  const item = (
    await documents.send(new GetCommand({ TableName: tableName, Key: TOTAL_KEY, ConsistentRead: true }))
  ).Item;
  return { through: item?.through as string | undefined, series: seriesOf(item) };
}

/**
 * Folds each closed minute into the running total, once: the new total and its `through` are one
 * conditional PutItem (read, add, write back), so a re-run or a concurrent cron changes nothing. A Put,
 * not ADDs: an update expression is capped at 4 KB, far fewer series than a deployment exports, while
 * the item may hold 400 KB. Returns the minutes folded.
 */
export async function fold(now: Clock = systemClock): Promise<string[]> {
  const { through, series } = await total();
  const folded: string[] = [];
  for (const minute of minutesBetween(through, new Date(now().getTime() - FOLD_AFTER_MS))) {
    const previous = folded.at(-1) ?? through;
    await minuteTotals(minute, series);
    const written = await documents
      .send(
        new PutCommand({
          TableName: tableName,
          Item: { ...Object.fromEntries(series), ...TOTAL_KEY, [ENTITY_ATTRIBUTE]: ENTITY, through: minute },
          ...(previous === undefined
            ? { ConditionExpression: "attribute_not_exists(through)" }
            : {
                ConditionExpression: "#through = :previous",
                ExpressionAttributeNames: { "#through": "through" },
                ExpressionAttributeValues: { ":previous": previous },
              }),
        }),
      )
      .then(
        () => true,
        (error: unknown) => {
          if ((error as { name?: string }).name === "ConditionalCheckFailedException") return false;
          throw error;
        },
      );
    if (!written) break; // another fold moved on meanwhile
    folded.push(minute);
  }
  return folded;
}

/** Every series' cumulative value across the deployment: the folded total plus the minutes after it. */
export async function cumulative(now: Clock = systemClock): Promise<Map<string, number>> {
  const { through, series } = await total();
  const minutes = minutesBetween(through, now());
  await Promise.all(minutes.map((minute) => minuteTotals(minute, series)));
  return series;
}

/** Per-minute values of the series whose key starts with one of `prefixes`, for the status charts. */
export async function perMinute(minutes: number, prefixes: readonly string[], now: Clock = systemClock) {
  const last = Date.parse(`${minuteOf(now())}:00Z`);
  const keys = Array.from({ length: minutes }, (_, i) =>
    minuteOf(new Date(last - (minutes - 1 - i) * 60_000)),
  );
  return Promise.all(
    keys.map(async (minute) => {
      const all = await minuteTotals(minute);
      const series: Record<string, number> = {};
      for (const [key, value] of all) if (prefixes.some((p) => key.startsWith(p))) series[key] = value;
      return { minute, series };
    }),
  );
}

/** Whether a DynamoDB command is one of these counters' own (not timed: an idle process stays idle). */
function isOwn(
  input: { Key?: Record<string, unknown>; ExpressionAttributeValues?: Record<string, unknown> } | undefined,
) {
  const pk = (input?.Key?.pk ?? input?.ExpressionAttributeValues?.[":pk"]) as
    | { S?: string }
    | string
    | undefined;
  const value = typeof pk === "string" ? pk : pk?.S;
  return value?.startsWith("metrics#") ?? false;
}

// Every table call of this process is timed, by command (the table latency alert reads it).
client.middlewareStack.add(
  (next, context) => async (args) => {
    const started = performance.now();
    try {
      return await next(args);
    } finally {
      if (!isOwn(args.input as never))
        observe(
          "bourse_table_request_duration_seconds",
          { command: context.commandName ?? "unknown" },
          (performance.now() - started) / 1000,
        );
    }
  },
  { step: "initialize", name: "bourseTableTiming", override: true },
);

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
