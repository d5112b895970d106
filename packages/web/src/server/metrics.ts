import { Metrics as Emf, MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Metrics from "@bourse/core/metrics";
import { caches } from "@bourse/core/util/cache";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";

/**
 * Two kinds of metrics. Deployment-wide series (requests, errors, latency, calculations, stream lag, table
 * latency) live in the table and are true whichever instance answers: record them with
 * `Metrics.Series.count(...)` / `Metrics.Series.observe(...)` from core and describe them in
 * core/metrics/catalog.ts. This registry holds what only the serving instance knows (its process, its
 * in-flight requests, the latest snapshot as read by it), labelled `scope="serving_instance"`.
 */
function create() {
  const registry = new Registry();
  registry.setDefaultLabels({ scope: "serving_instance" });
  collectDefaultMetrics({ register: registry });
  // Gauges that prom-client names like counters (`_total`): promtool's lint refuses them.
  for (const name of [
    "nodejs_active_handles_total",
    "nodejs_active_requests_total",
    "nodejs_active_resources_total",
  ])
    registry.removeSingleMetric(name);
  const registers = [registry];
  return {
    registry,
    inFlight: new Gauge({
      name: "bourse_http_in_flight_requests",
      help: "Requests this instance is answering now (deployment-wide: rate of the duration sum)",
      registers,
    }),
    itemsWritten: new Gauge({
      name: "bourse_items_written",
      help: "Items written per entity type in the minute of the latest metrics snapshot",
      labelNames: ["entity"] as const,
      registers,
    }),
    streamLag: new Gauge({
      name: "bourse_snapshot_stream_lag_seconds",
      help: "Mean delay from a table write (its own time) to the activity meter in the latest snapshot minute",
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
    cacheSaved: new Counter({
      name: "bourse_cache_reads_saved_total",
      help: "Table reads this instance's in-memory caches saved (core util/cache), by cache",
      labelNames: ["cache"] as const,
      registers,
      collect() {
        this.reset();
        for (const { name, saved } of caches()) this.inc({ cache: name }, saved);
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
const store = globalThis as { __bourseMetrics?: ReturnType<typeof create>; __bourseEmf?: Emf };
store.__bourseMetrics ??= create();
export const prom = store.__bourseMetrics;
/** EMF for CloudWatch alarms on AWS (disabled locally by POWERTOOLS_METRICS_DISABLED). */
store.__bourseEmf ??= new Emf({ namespace: "Bourse", serviceName: "web" });
const emf = store.__bourseEmf;

export function observeRequest(
  method: string,
  route: string,
  status: number,
  seconds: number,
  code?: string,
) {
  const part = Metrics.partOf(route);
  Metrics.observeHttp({ server: "web", part, method, route, status, code, seconds });
  const single = emf.singleMetric();
  single.addDimension("server", "web");
  single.addMetric("Requests", MetricUnit.Count, 1);
  single.addMetric("Errors", MetricUnit.Count, status >= 500 ? 1 : 0);
  single.addMetric("Latency", MetricUnit.Milliseconds, seconds * 1000);
}

/** The exposition: the deployment-wide series (Metrics.Series.cumulative()), then this instance's own. */
export async function exposition(shared: Map<string, number>): Promise<string> {
  return `${Metrics.render(shared)}${await prom.registry.metrics()}`;
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
  if (snapshot.streamLagMs !== undefined) prom.streamLag.set(snapshot.streamLagMs / 1000);
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
