/**
 * Every deployment-wide series the app exports (see series.ts), described once: Prometheus' HELP and
 * TYPE, and what the alert rules and dashboards of stacks/monitoring may use. A domain adding a counter
 * adds a line here.
 */
export const CATALOG = {
  bourse_http_requests_total: {
    type: "counter",
    help: "HTTP requests answered, by server (web or a URL function), part, method, route pattern and status",
  },
  bourse_http_errors_total: {
    type: "counter",
    help: "HTTP requests answered with an error, by server, part, route pattern and error code",
  },
  bourse_http_request_duration_seconds: {
    type: "histogram",
    help: "Time to answer an HTTP request, by server, part and route pattern",
  },
  bourse_calc_operations_total: {
    type: "counter",
    help: "Calculations by operation and outcome (ok, or the error code)",
  },
  bourse_calc_duration_seconds: {
    type: "histogram",
    help: "Time to work out a calculation (arithmetic and storage), by operation",
  },
  bourse_stream_lag_seconds: {
    type: "histogram",
    help: "Delay from an item's write (its own createdAt or updatedAt) to the activity meter seeing it",
  },
  bourse_stream_failures_total: {
    type: "counter",
    help: "Stream records or invocations a handler gave up on, by source",
  },
  bourse_table_request_duration_seconds: {
    type: "histogram",
    help: "Time of a DynamoDB call from the app, by command",
  },
  bourse_orders_accepted_total: {
    type: "counter",
    help: "Partner order events accepted (numbered), by partner; counted by the OrderMetrics subscriber",
  },
  bourse_orders_rejected_total: {
    type: "counter",
    help: "Partner order events refused, by partner (an event with several reasons counts once)",
  },
  bourse_order_rejections_total: {
    type: "counter",
    help: "Reasons partner order events were refused for, by partner and reason code",
  },
  bourse_order_ingest_latency_seconds: {
    type: "histogram",
    help: "From an accepted order's eventTime to its receipt by the API, by partner",
  },
  bourse_breaker_transitions_total: {
    type: "counter",
    help: "Circuit breaker transitions, by outside service and the state entered",
  },
  bourse_breaker_fail_open_total: {
    type: "counter",
    help: "Calls let through because a breaker's state could not be read (fail open), by service",
  },
} as const satisfies Record<string, { type: "counter" | "histogram"; help: string }>;

export type SeriesName = keyof typeof CATALOG;
