/**
 * The dashboard's panels, once: the Grafana dashboard (dashboard.json, rendered from this) and the
 * product's /status charts draw the same things (the status page computes them from the per-minute
 * series; Grafana from Prometheus with these queries).
 */

export interface Panel {
  title: string;
  unit: "short" | "s" | "percentunit" | "reqps";
  targets: { expr: string; legend: string }[];
}

const quantile = (q: number, metric: string, by = "") =>
  `histogram_quantile(${q}, sum by (${by ? `${by}, ` : ""}le) (rate(${metric}_bucket[5m])))`;

export const PANELS: Panel[] = [
  {
    title: "Calculations per minute",
    unit: "short",
    targets: [
      { expr: "sum by (operation) (increase(bourse_calc_operations_total[1m]))", legend: "{{operation}}" },
    ],
  },
  {
    title: "Request latency p50 / p95 / p99",
    unit: "s",
    targets: [0.5, 0.95, 0.99].map((q) => ({
      expr: quantile(q, "bourse_http_request_duration_seconds"),
      legend: `p${Math.round(q * 100)}`,
    })),
  },
  {
    title: "Error rate (5xx share)",
    unit: "percentunit",
    targets: [
      {
        expr: 'sum(rate(bourse_http_requests_total{status=~"5.."}[5m])) / sum(rate(bourse_http_requests_total[5m]))',
        legend: "5xx",
      },
      { expr: "sum by (code) (rate(bourse_http_errors_total[5m]))", legend: "{{code}} /s" },
    ],
  },
  {
    title: "In-flight requests",
    unit: "short",
    // Little's law over the whole deployment: busy seconds per second is the mean concurrency.
    targets: [{ expr: "sum(rate(bourse_http_request_duration_seconds_sum[1m]))", legend: "in flight" }],
  },
  {
    title: "Stream lag p95",
    unit: "s",
    targets: [{ expr: quantile(0.95, "bourse_stream_lag_seconds"), legend: "p95" }],
  },
  {
    title: "Requests per part",
    unit: "reqps",
    targets: [{ expr: "sum by (part) (rate(bourse_http_requests_total[1m]))", legend: "{{part}}" }],
  },
];

/** Grafana's variable syntax, `${datasource}`: the data source chosen on import. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's placeholder, not a template literal
const DATASOURCE = { type: "prometheus", uid: "${datasource}" };

/** dashboard.json: a Grafana dashboard over a Prometheus data source (chosen on import). */
export function renderDashboard(panels: Panel[] = PANELS): string {
  const dashboard = {
    title: "Bourse",
    uid: "bourse",
    schemaVersion: 39,
    time: { from: "now-1h", to: "now" },
    refresh: "30s",
    templating: {
      list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Prometheus" }],
    },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: "timeseries",
      title: p.title,
      datasource: DATASOURCE,
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: p.targets.map((t, j) => ({
        refId: String.fromCharCode(65 + j),
        expr: t.expr,
        legendFormat: t.legend,
        datasource: DATASOURCE,
      })),
    })),
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
