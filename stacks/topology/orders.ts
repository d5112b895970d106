/** Partner orders: per-partner metrics from order and refused-event INSERTs, and the failure-rate alarm. */
import { entityFilter } from "./filter";
import type { Cron } from "./functions";
import { subscriber } from "./subscriber";

/** Bookkeeping: orderId guards, counters, metric replay guards, alarm state. */
export const operationalEntities = [
  "orderGuard",
  "orderCounter",
  "orderMetricMark",
  "orderAlarm",
  "orderAlarmEpisode",
] as const;

export const subscribers = [
  subscriber({
    name: "OrderMetrics",
    handler: "packages/functions/src/streams/order-metrics.handler",
    filters: entityFilter(["order", "orderError"], ["INSERT"]),
    batchSize: 100,
    maxRetries: 10,
    // The alarm's mail links the dashboard.
    environment: ["BOURSE_PUBLIC_URL"],
  }),
] as const;

export const crons = [
  {
    name: "OrderAlarms",
    handler: "packages/functions/src/cron/order-alarms.handler",
    schedule: "rate(1 minute)",
    environment: ["BOURSE_PUBLIC_URL"],
  },
] as const satisfies readonly Cron[];
