export * as Metrics from "./index";

import { createHash, timingSafeEqual } from "node:crypto";
import { Resource } from "sst";
import * as z from "zod";
import { ttl } from "../dynamo";
import { action, MAX_ACTIONS, transact } from "../dynamo/transaction";
import { ForbiddenError } from "../error";
import * as User from "../user";
import { TtlCache } from "../util/cache";
import { type Clock, systemClock } from "../util/clock";
import { fn } from "../util/fn";
import { metricCounts, metricSnapshots } from "./entities";
import * as Panels from "./panels";
import * as Series from "./series";

export { CATALOG, type SeriesName } from "./catalog";
export { familyOf, render } from "./exposition";
export { type HttpObservation, observeHttp, partOf } from "./http";
export { Minute as PanelMinute, PanelsInput, parseKey, quantile } from "./panels";
export * as Series from "./series";

/** A minute as `YYYY-MM-DDTHH:MM` (UTC): the key of counters and snapshots. */
export function minuteOf(date: Date): string {
  return date.toISOString().slice(0, 16);
}

export const Snapshot = z.object({
  minute: z.string().describe("UTC minute, YYYY-MM-DDTHH:MM"),
  items: z.record(z.string(), z.number()).describe("items written per entity type"),
  itemsTotal: z.number(),
  streamLagMs: z.number().optional().describe("mean delay from write to delivery to the activity meter"),
  failures: z.record(z.string(), z.number()).describe("failed handler records per source"),
  failuresTotal: z.number(),
  createdAt: z.number(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** One stream record as the activity meter sees it. */
export interface Activity {
  entity: string;
  /** When the item was written (epoch ms): its own createdAt/updatedAt if `exact`, else the stream's time. */
  writtenAt: number;
  /**
   * The time is the item's own: only those measure stream lag. The stream's timestamps are whole seconds
   * on AWS and whole minutes on DynamoDB Local, too coarse for a lag of milliseconds.
   */
  exact?: boolean;
}

/**
 * Count a batch of writes per minute and entity type. The counters and a guard item keyed by the batch go in
 * one transaction, so a replayed batch changes nothing: counters stay exact under at-least-once delivery.
 */
export async function recordActivity(batchKey: string, activity: Activity[], now: Clock = systemClock) {
  const receivedAt = now().getTime();
  const expiresAt = ttl(now(), 2);
  const counts = new Map<string, { minute: string; name: string; count: number; sumMs: number }>();
  const bump = (minute: string, name: string, sumMs: number) => {
    const key = `${minute}|${name}`;
    const entry = counts.get(key) ?? { minute, name, count: 0, sumMs: 0 };
    entry.count += 1;
    entry.sumMs += sumMs;
    counts.set(key, entry);
  };
  for (const a of activity) {
    const minute = minuteOf(new Date(a.writtenAt));
    bump(minute, `items#${a.entity}`, 0);
    if (!a.exact) continue;
    const lagMs = Math.max(0, receivedAt - a.writtenAt);
    bump(minuteOf(new Date(receivedAt)), "lag", lagMs);
    Series.observe("bourse_stream_lag_seconds", {}, lagMs / 1000, now);
  }
  // Each transaction: the guard and as many counters as fit.
  const entries = [...counts.values()];
  const size = MAX_ACTIONS - 1;
  for (let i = 0; i < entries.length; i += size) {
    const chunk = entries.slice(i, i + size);
    const outcome = await transact([
      action(
        metricCounts.create({
          minute: `batch#${batchKey}`,
          name: String(i / size),
          expiresAt,
          count: chunk.length,
        }),
      ),
      ...chunk.map((c) =>
        action(
          metricCounts
            .update({ minute: c.minute, name: c.name })
            .add({ count: c.count, sumMs: c.sumMs })
            .set({ expiresAt }),
        ),
      ),
    ]);
    // Cancelled because the guard exists: this chunk was counted before. Any other reason is retried.
    if (!outcome.ok && outcome.codes[0] !== "ConditionalCheckFailed")
      throw new Error(`activity transaction cancelled: ${outcome.codes.join(", ")}`);
  }
}

/** A handler gave up on `count` records (or invocations). Not idempotent by nature: each failure counts. */
export async function countFailure(source: string, count = 1, now: Clock = systemClock) {
  Series.count("bourse_stream_failures_total", { source }, count, now);
  await Series.flush(now);
  await metricCounts
    .update({ minute: minuteOf(now()), name: `failures#${source}` })
    .add({ count })
    .set({ expiresAt: ttl(now(), 2) })
    .go();
}

/** Fold one minute's counters into its snapshot. Re-running for the same minute rewrites the same item. */
export async function snapshot(minute: string, now: Clock = systemClock): Promise<Snapshot> {
  const counters = await metricCounts.query.primary({ minute }).go({ pages: "all" });
  const items: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let lag: { count: number; sumMs: number } | undefined;
  for (const c of counters.data) {
    const [kind, name] = splitName(c.name);
    if (kind === "items" && name) items[name] = c.count;
    else if (kind === "failures" && name) failures[name] = c.count;
    else if (kind === "lag") lag = c;
  }
  const value: Snapshot = {
    minute,
    items,
    itemsTotal: sum(items),
    streamLagMs: lag?.count ? Math.round(lag.sumMs / lag.count) : undefined,
    failures,
    failuresTotal: sum(failures),
    createdAt: now().getTime(),
  };
  await metricSnapshots.put({ ...value, expiresAt: ttl(now(), 30) }).go();
  reads.clear(); // this instance reads what it just wrote; others within the minute
  return value;
}

/**
 * Who may read the Prometheus exposition: a scraper presenting the stage's `MetricsScrapeToken` (compared in
 * constant time), or, without a token, an administrator. No token and no actor → 401; a wrong token or a
 * non-admin → 403.
 */
export async function assertScraper(token: string | undefined): Promise<void> {
  if (token === undefined) {
    await User.assertAdmin();
    return;
  }
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  if (!timingSafeEqual(digest(token), digest(Resource.MetricsScrapeToken.value)))
    throw new ForbiddenError("This scrape token is not valid");
}

/**
 * Metrics reads, cached 60 s per instance: a snapshot is taken once a minute, so scrapes read the table
 * once a minute.
 */
const reads = new TtlCache<unknown>("metrics", 60_000);

/** The newest snapshot, for the exposition (its caller has passed `assertScraper`). */
export async function latest(now: Clock = systemClock): Promise<Snapshot | undefined> {
  return reads.get(
    "latest",
    async () => {
      const page = await metricSnapshots.query.primary({}).go({ order: "desc", limit: 1 });
      const item = page.data[0];
      return item ? Snapshot.parse(item) : undefined;
    },
    now,
  ) as Promise<Snapshot | undefined>;
}

/**
 * The dashboard's panels per minute, oldest first (admins only). Not cached: the current minute is drawn
 * live from the series, and only the few admins watching the status page read it.
 */
export const panels = /* @__PURE__ */ fn(Panels.PanelsInput, async ({ minutes }) => {
  await User.assertAdmin();
  return Panels.panels(minutes);
});

/** The newest snapshots, newest first (admins only). */
export async function recent(limit = 60): Promise<Snapshot[]> {
  await User.assertAdmin();
  const page = await metricSnapshots.query.primary({}).go({ order: "desc", limit });
  return page.data.map((item) => Snapshot.parse(item));
}

function splitName(name: string): [string, string | undefined] {
  const at = name.indexOf("#");
  return at < 0 ? [name, undefined] : [name.slice(0, at), name.slice(at + 1)];
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

/** What a reader of `recent` may ask: how many minutes (a day at most), newest first. */
export const RecentInput = z.object({
  limit: z.number().int().min(1).max(1440).default(60).describe("how many minutes, newest first"),
});
