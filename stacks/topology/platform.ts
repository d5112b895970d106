/**
 * The platform: the one table and its stream, the data bucket and its input notification, the activity
 * meter, the metrics cron, the health check and the Prometheus scrape token.
 */
import type { BucketSpec } from "./bucket";
import { ENTITY_ATTRIBUTE } from "./filter";
import type { Cron, UrlFunction } from "./functions";
import { subscriber } from "./subscriber";

export const table = {
  name: "Table",
  fields: {
    pk: "string",
    sk: "string",
    gsi1pk: "string",
    gsi1sk: "string",
    gsi2pk: "string",
    gsi2sk: "string",
    gsi3pk: "string",
    gsi3sk: "string",
  },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk" },
    gsi2: { hashKey: "gsi2pk", rangeKey: "gsi2sk" },
    gsi3: { hashKey: "gsi3pk", rangeKey: "gsi3sk" },
  },
  stream: "new-and-old-images",
  ttl: "expiresAt",
} as const;

export type Table = typeof table;

export const buckets = {
  data: {
    name: "Data",
    // What the browser does: POST a presigned price file under `inputs/` (PriceRun.create). Nothing else.
    cors: {
      allowMethods: ["POST"],
      allowHeaders: ["content-type"],
      exposeHeaders: ["ETag"],
      maxAge: 3600,
    },
    notifications: [
      {
        name: "DataInput",
        handler: "packages/functions/src/s3/data-input.handler",
        events: ["s3:ObjectCreated:*"],
        filterPrefix: "inputs/",
      },
    ],
  },
} as const satisfies Record<string, BucketSpec>;

/** The metrics' own writes (and the stream runner's failure log): bookkeeping, not activity. */
export const operationalEntities = [
  "metricCount",
  "metricSnapshot",
  "streamFailure",
  "metricSeries",
] as const;

/** Counts product writes: every entity's INSERT and MODIFY except the `operational` ones of every domain. */
export const activityMeter = (operational: readonly string[]) =>
  subscriber({
    name: "ActivityMeter",
    handler: "packages/functions/src/streams/activity-meter.handler",
    filters: [
      {
        eventName: ["INSERT", "MODIFY"],
        dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: [{ "anything-but": [...operational] }] } } },
      },
    ],
    batchSize: 100,
  });

export const crons = [
  {
    name: "MetricsSnapshot",
    handler: "packages/functions/src/cron/metrics-snapshot.handler",
    schedule: "rate(1 minute)",
  },
] as const satisfies readonly Cron[];

export const urlFunctions = [
  { name: "HealthApi", handler: "packages/functions/src/api/health.handler", path: "/health-api" },
] as const satisfies readonly UrlFunction[];

/** MetricsScrapeToken: the bearer Prometheus sends to /api/metrics. */
export const secrets = ["MetricsScrapeToken"] as const;

/** The app's origin: mailed links, redirects, origin checks, cookies' Secure, media CORS. */
export const webEnvironment = ["BOURSE_PUBLIC_URL"] as const;
