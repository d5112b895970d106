/**
 * The alerts, once: Prometheus rules (rendered into rules.yml, which CI checks with promtool) and the same
 * conditions as CloudWatch alarms on the EMF metrics (stacks/aws/monitoring.ts). Plain data, no SST import.
 */

export const THRESHOLDS = {
  /** Share of requests answered 5xx, over 5 minutes. */
  errorRate: 0.05,
  /** p95 of request latency, seconds. */
  latencyP95Seconds: 0.5,
  /** p95 of table calls, seconds. */
  tableLatencyP95Seconds: 0.1,
  /** How long a condition must hold, minutes. */
  forMinutes: 5,
} as const;

export interface Alert {
  alert: string;
  expr: string;
  for: string;
  severity: "page" | "ticket";
  summary: string;
}

const forAll = `${THRESHOLDS.forMinutes}m`;

export const ALERTS: Alert[] = [
  {
    alert: "BourseHighErrorRate",
    expr: `sum by (server) (rate(bourse_http_requests_total{status=~"5.."}[5m])) / sum by (server) (rate(bourse_http_requests_total[5m])) > ${THRESHOLDS.errorRate}`,
    for: forAll,
    severity: "page",
    summary: `More than ${THRESHOLDS.errorRate * 100} % of {{ $labels.server }} requests fail (5xx)`,
  },
  {
    alert: "BourseHighLatencyP95",
    expr: `histogram_quantile(0.95, sum by (server, le) (rate(bourse_http_request_duration_seconds_bucket[5m]))) > ${THRESHOLDS.latencyP95Seconds}`,
    for: forAll,
    severity: "page",
    summary: `p95 latency of {{ $labels.server }} is above ${THRESHOLDS.latencyP95Seconds * 1000} ms`,
  },
  {
    alert: "BourseStreamFailures",
    expr: "sum by (source) (increase(bourse_stream_failures_total[5m])) > 0",
    for: "0m",
    severity: "ticket",
    summary: "{{ $labels.source }} gave up on stream records or invocations",
  },
  {
    alert: "BourseTableLatencyP95",
    expr: `histogram_quantile(0.95, sum by (le) (rate(bourse_table_request_duration_seconds_bucket[5m]))) > ${THRESHOLDS.tableLatencyP95Seconds}`,
    for: forAll,
    severity: "ticket",
    summary: `p95 of table calls is above ${THRESHOLDS.tableLatencyP95Seconds * 1000} ms`,
  },
  {
    alert: "BourseMetricsSnapshotStale",
    expr: "time() - max(bourse_snapshot_timestamp_seconds) > 300",
    for: "0m",
    severity: "ticket",
    summary: "No metrics snapshot for 5 minutes: the metrics cron (which also folds the series) stopped",
  },
];

/** rules.yml: the alerts as a Prometheus rule file. */
export function renderRules(alerts: Alert[] = ALERTS): string {
  // Double-quoted, or single-quoted when the text has double quotes (as biome formats YAML).
  const q = (value: string) =>
    value.includes('"') ? `'${value.replaceAll("'", "''")}'` : JSON.stringify(value);
  const rules = alerts.map((a) =>
    [
      `      - alert: ${a.alert}`,
      `        expr: ${q(a.expr)}`,
      `        for: ${a.for}`,
      "        labels:",
      `          severity: ${a.severity}`,
      "        annotations:",
      `          summary: ${q(a.summary)}`,
    ].join("\n"),
  );
  return `# Generated from stacks/monitoring/alerts.ts (the monitoring test checks it is current).\ngroups:\n  - name: bourse\n    rules:\n${rules.join("\n")}\n`;
}
