import type { Metrics } from "@bourse/core/metrics";
import { caches } from "@bourse/core/util/cache";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({
      name: "bourse_http_requests_total",
      help: "HTTP requests answered by the API, by method, route pattern and status",
      labelNames: ["method", "route", "status"] as const,
      registers,
    }),
    duration: new Histogram({
      name: "bourse_http_request_duration_seconds",
      help: "Time to answer an API request, by method and route pattern",
      labelNames: ["method", "route"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    itemsWritten: new Gauge({
      name: "bourse_items_written",
      help: "Items written per entity type in the minute of the latest metrics snapshot",
      labelNames: ["entity"] as const,
      registers,
    }),
    streamLag: new Gauge({
      name: "bourse_stream_lag_ms",
      help: "Mean delay from a table write to its stream delivery in the latest snapshot minute",
      registers,
    }),
    failures: new Gauge({
      name: "bourse_handler_failures",
      help: "Records or invocations a handler gave up on, per source, in the latest snapshot minute",
      labelNames: ["source"] as const,
      registers,
    }),
    snapshotTime: new Gauge({
      name: "bourse_snapshot_timestamp_seconds",
      help: "When the latest metrics snapshot was taken (a stale value means the metrics cron stopped)",
      registers,
    }),
    cacheRequests: new Counter({
      name: "bourse_cache_requests_total",
      help: "Reads of this instance's in-memory caches (core util/cache), by cache and hit or miss",
      labelNames: ["cache", "result"] as const,
      registers,
      // Read from core's counters at each scrape: core knows no Prometheus.
      collect() {
        this.reset();
        for (const { name, hits, misses } of caches()) {
          this.inc({ cache: name, result: "hit" }, hits);
          this.inc({ cache: name, result: "miss" }, misses);
        }
      },
    }),
    snapshotUp: new Gauge({
      name: "bourse_snapshot_up",
      help: "1 when the latest metrics snapshot could be read from the table, else 0",
      registers,
    }),
  };
}

// One set per process, kept across dev reloads and shared by every route bundle: registering the same
// metric twice throws, and the route wrapper must feed the registry that /api/metrics exposes.
const store = globalThis as { __bourseMetrics?: ReturnType<typeof create> };
store.__bourseMetrics ??= create();
export const prom = store.__bourseMetrics;

export function observeRequest(method: string, route: string, status: number, seconds: number) {
  prom.requests.inc({ method, route, status: String(status) });
  prom.duration.observe({ method, route }, seconds);
}

/** Mirror the latest snapshot into the gauges; `null` when it could not be read. */
export function setSnapshot(snapshot: Metrics.Snapshot | undefined | null) {
  prom.itemsWritten.reset();
  prom.failures.reset();
  prom.streamLag.reset();
  prom.snapshotTime.reset();
  prom.snapshotUp.set(snapshot === null ? 0 : 1);
  if (!snapshot) return;
  for (const [entity, count] of Object.entries(snapshot.items)) prom.itemsWritten.set({ entity }, count);
  for (const [source, count] of Object.entries(snapshot.failures)) prom.failures.set({ source }, count);
  if (snapshot.streamLagMs !== undefined) prom.streamLag.set(snapshot.streamLagMs);
  prom.snapshotTime.set(snapshot.createdAt / 1000);
}

const scrapeTokens = new WeakMap<Request, string>();
const BEARER = /^Bearer\s+(\S+)\s*$/i;
/** An access token is a JWT (three base64url parts); a scrape token is anything else. */
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Prometheus sends the scrape token as `Authorization: Bearer <token>`, which the route wrapper would take
 * for an access token (and refuse: it is no JWT). So a bearer that is not a JWT is moved out of the header
 * before the wrapper sees it and kept for `scrapeTokenOf`; core's `Metrics.assertScraper` then judges it.
 */
export function withScrapeToken<C>(handler: (req: Request, ctx: C) => Promise<Response>) {
  return (req: Request, ctx: C): Promise<Response> => {
    const token = BEARER.exec(req.headers.get("authorization") ?? "")?.[1];
    if (!token || JWT.test(token)) return handler(req, ctx);
    const headers = new Headers(req.headers);
    headers.delete("authorization");
    const stripped = new Request(req.url, { method: req.method, headers });
    scrapeTokens.set(stripped, token);
    return handler(stripped, ctx);
  };
}

/** The scrape token `withScrapeToken` took from this request, if any. */
export function scrapeTokenOf(req: Request): string | undefined {
  return scrapeTokens.get(req);
}
