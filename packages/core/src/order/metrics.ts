import type { Change } from "../dynamo";
import { ttl } from "../dynamo";
import { action, type TransactItem, transact } from "../dynamo/transaction";
import * as Series from "../metrics/series";
import { type Clock, systemClock } from "../util/clock";
import { orderMetricMarks } from "./entities";

/**
 * Per-partner, per-minute order counts, kept by the OrderMetrics stream subscriber from order and
 * refused-event INSERTs: accepted, refused (and by reason) and ingestion latency, as metrics-kit series
 * (so /api/metrics exports them), in the minute each event was received (so the charts say when it
 * came, whenever the subscriber got to it). Each record's replay guard goes in the same transaction as its counts:
 * a replayed record counts nothing.
 */
export const ACCEPTED = "bourse_orders_accepted_total";
export const REJECTED = "bourse_orders_rejected_total";
export const REASONS = "bourse_order_rejections_total";
export const LATENCY = "bourse_order_ingest_latency_seconds";

/** Records per transaction: a guard each, and one update per partner of the chunk. */
const CHUNK = 50;

export interface Counted {
  partnerID: string;
  /** When the event was received (epoch ms): the minute it counts in. */
  at: number;
  series: [string, number][];
}

/** What one stream record counts for; null for anything else. */
export function countsOf(change: Change): Counted | null {
  const item = change.newImage;
  if (change.eventName !== "INSERT" || !item || typeof item.partnerID !== "string") return null;
  const partner = { partner: item.partnerID };
  if (change.entity === "order") {
    const latency = Math.max(0, (Number(item.receivedAt) - Number(item.eventTime)) / 1000);
    return {
      partnerID: item.partnerID,
      at: Number(item.receivedAt),
      series: [[Series.seriesKey(ACCEPTED, partner), 1], ...Series.histogram(LATENCY, partner, latency)],
    };
  }
  if (change.entity === "orderError") {
    const reasons = Array.isArray(item.reasons) ? (item.reasons as string[]) : [];
    return {
      partnerID: item.partnerID,
      at: Number(item.receivedAt),
      series: [
        [Series.seriesKey(REJECTED, partner), 1],
        ...reasons.map((reason): [string, number] => [Series.seriesKey(REASONS, { ...partner, reason }), 1]),
      ],
    };
  }
  return null;
}

/**
 * Counts the records, in order, each exactly once. Resolves with how many were handled (all of them, or
 * up to the first that failed, with the error) and the partners whose counts moved.
 */
export async function record(
  changes: Change[],
  now: Clock = systemClock,
): Promise<{ done: number; error?: unknown; partners: Set<string> }> {
  const partners = new Set<string>();
  let done = 0;
  try {
    for (let i = 0; i < changes.length; i += CHUNK) {
      const chunk = changes.slice(i, i + CHUNK);
      await countOnce(chunk, now);
      for (const c of chunk) {
        const counted = countsOf(c);
        if (counted) partners.add(counted.partnerID);
      }
      done += chunk.length;
    }
    return { done, partners };
  } catch (error) {
    return { done, error, partners };
  }
}

async function countOnce(chunk: Change[], now: Clock) {
  let left = chunk.flatMap((change) => {
    const counted = countsOf(change);
    return counted ? [{ change, counted }] : [];
  });
  for (let attempt = 0; left.length > 0; attempt++) {
    if (attempt >= 10) throw new Error("order metrics: transaction kept being refused");
    // One update per partner and minute of receipt.
    const sums = new Map<string, { partnerID: string; at: number; series: Map<string, number> }>();
    for (const { counted } of left) {
      const key = `${counted.partnerID}|${Series.minuteOf(new Date(counted.at))}`;
      const sum = sums.get(key) ?? { partnerID: counted.partnerID, at: counted.at, series: new Map() };
      sums.set(key, sum);
      for (const [name, by] of counted.series) sum.series.set(name, (sum.series.get(name) ?? 0) + by);
    }
    const marks: TransactItem[] = left.map(({ change }) =>
      action(orderMetricMarks.create({ eventID: change.eventID, expiresAt: ttl(now(), 2) })),
    );
    const updates = [...sums.values()].map(
      ({ partnerID, at, series }) =>
        Series.additions(`orders#${partnerID}`, [...series], () => new Date(at)) as TransactItem,
    );
    const outcome = await transact([...marks, ...updates]);
    if (outcome.ok) return;
    // A mark that exists: that record was counted by an earlier delivery.
    const seen = new Set(left.filter((_, i) => outcome.codes[i] === "ConditionalCheckFailed"));
    left = left.filter((entry) => !seen.has(entry));
  }
}

/** Orders accepted and events refused per minute over the last `minutes`, for a partner's charts. */
export async function perMinute(partnerID: string, minutes: number, now: Clock = systemClock) {
  const partner = { partner: partnerID };
  const accepted = Series.seriesKey(ACCEPTED, partner);
  const rejected = Series.seriesKey(REJECTED, partner);
  const reasonPrefix = `${REASONS}{partner="${partnerID}",reason="`;
  const rows = await Series.perMinute(minutes, [accepted, rejected, reasonPrefix], now);
  return rows.map(({ minute, series }) => {
    const a = series[accepted] ?? 0;
    const r = series[rejected] ?? 0;
    const reasons: Record<string, number> = {};
    for (const [key, value] of Object.entries(series))
      if (key.startsWith(reasonPrefix)) reasons[key.slice(reasonPrefix.length, -2)] = value;
    return { minute, accepted: a, rejected: r, failureRate: a + r > 0 ? r / (a + r) : 0, reasons };
  });
}
