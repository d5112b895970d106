import * as z from "zod";
import { BUCKETS, perMinute } from "./series";

/**
 * The dashboard's panels (stacks/monitoring/panels.ts) per minute, from the deployment-wide series, for
 * people without Grafana: the /status page charts these.
 */
export const Minute = z.object({
  minute: z.string().describe("UTC minute, YYYY-MM-DDTHH:MM"),
  calculations: z.number().describe("calculations worked out in the minute"),
  requests: z.number(),
  p50: z.number().nullable().describe("request latency quantiles, seconds (null: no request)"),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  errorRate: z.number().nullable().describe("share of requests answered 5xx"),
  inFlight: z.number().describe("mean requests in flight (busy seconds per second)"),
  streamLagP95: z.number().nullable().describe("stream lag p95, seconds, from the items' own write times"),
  perPart: z.record(z.string(), z.number()).describe("requests per second by product part"),
});
export type Minute = z.infer<typeof Minute>;

export const PanelsInput = z.object({
  minutes: z.number().int().min(1).max(180).default(60).describe("how many minutes, oldest first"),
});

const PREFIXES = [
  "bourse_calc_operations_total",
  "bourse_http_requests_total",
  "bourse_http_request_duration_seconds",
  "bourse_stream_lag_seconds",
];

/** `name{a="x"}` → name and labels (values unescaped). */
export function parseKey(key: string): { name: string; labels: Record<string, string> } {
  const at = key.indexOf("{");
  if (at < 0) return { name: key, labels: {} };
  const labels: Record<string, string> = {};
  for (const m of key.slice(at + 1, -1).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
    labels[m[1] as string] = (m[2] as string).replace(/\\n/g, "\n").replace(/\\(.)/g, "$1");
  return { name: key.slice(0, at), labels };
}

/** A quantile from cumulative bucket counts, interpolated within its bucket as Prometheus does. */
export function quantile(q: number, buckets: Map<number, number>): number | null {
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of [...BUCKETS, Number.POSITIVE_INFINITY]) {
    const count = buckets.get(le) ?? below;
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return BUCKETS.at(-1) ?? null;
      return lower + (le - lower) * ((rank - below) / Math.max(count - below, 1e-12));
    }
    lower = le;
    below = count;
  }
  return null;
}

export async function panels(minutes: number): Promise<Minute[]> {
  const rows = await perMinute(minutes, PREFIXES);
  return rows.map(({ minute, series }) => {
    let calculations = 0;
    let requests = 0;
    let failed = 0;
    let busy = 0;
    const latency = new Map<number, number>();
    const lag = new Map<number, number>();
    const perPart: Record<string, number> = {};
    for (const [key, value] of Object.entries(series)) {
      const { name, labels } = parseKey(key);
      if (name === "bourse_calc_operations_total") calculations += value;
      else if (name === "bourse_http_requests_total") {
        requests += value;
        if (labels.status?.startsWith("5")) failed += value;
        const part = labels.part ?? "other";
        perPart[part] = (perPart[part] ?? 0) + value / 60;
      } else if (name === "bourse_http_request_duration_seconds_sum") busy += value;
      else if (name.endsWith("_bucket") && labels.le) {
        const le = labels.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(labels.le);
        const into = name === "bourse_stream_lag_seconds_bucket" ? lag : latency;
        if (
          name === "bourse_stream_lag_seconds_bucket" ||
          name === "bourse_http_request_duration_seconds_bucket"
        )
          into.set(le, (into.get(le) ?? 0) + value);
      }
    }
    return {
      minute,
      calculations,
      requests,
      p50: quantile(0.5, latency),
      p95: quantile(0.95, latency),
      p99: quantile(0.99, latency),
      errorRate: requests ? failed / requests : null,
      inFlight: busy / 60,
      streamLagP95: quantile(0.95, lag),
      perPart,
    };
  });
}
