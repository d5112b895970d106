/**
 * What runs on what, as plain data. stacks/aws maps it onto SST components, stacks/local onto the local
 * platform, and tests check it. No SST import here: this file must load anywhere.
 *
 * Handler paths are `<file without extension>.<export>` relative to the repository root, as SST expects.
 * Filters use Lambda's event-filtering pattern syntax over the DynamoDB stream record.
 */

import { ENTITY_ATTRIBUTE } from "../packages/core/src/dynamo/attributes";

export { ENTITY_ATTRIBUTE };

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

export interface BucketSpec {
  name: string;
  /**
   * CORS for browsers that upload straight to the bucket with presigned forms. The one allowed origin is the
   * app's public URL, which only the platform knows: `corsFor` adds it (stacks/aws, stacks/local).
   */
  cors?: {
    allowMethods: ("GET" | "POST" | "HEAD")[];
    allowHeaders: string[];
    exposeHeaders: string[];
    maxAge: number;
  };
  /** Object-created notifications, each to one handler. */
  notifications?: {
    name: string;
    handler: string;
    events: ["s3:ObjectCreated:*"];
    filterPrefix?: string;
    filterSuffix?: string;
  }[];
}

export const buckets = {
  media: {
    name: "Media",
    // What the browser does: POST a presigned form (uploads), GET/HEAD an image. Never PUT or DELETE.
    cors: {
      allowMethods: ["POST", "GET", "HEAD"],
      allowHeaders: ["content-type"],
      exposeHeaders: ["ETag"],
      maxAge: 3600,
    },
  },
  data: {
    name: "Data",
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

export type BucketCors = NonNullable<BucketSpec["cors"]> & { allowOrigins: string[] };

/** A bucket's CORS for the app served at `publicUrl`: its origin and no other. */
export function corsFor(spec: BucketSpec, publicUrl: string): BucketCors | undefined {
  return spec.cors && { ...spec.cors, allowOrigins: [new URL(publicUrl).origin] };
}

/** A Lambda event filter pattern (the `Pattern` of a FilterCriteria filter, as an object). */
export type FilterPattern = { [key: string]: FilterPattern | FilterRule[] };
export type FilterRule =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { suffix: string }
  | { "equals-ignore-case": string }
  | { "anything-but": string | number | (string | number)[] | { prefix: string } }
  | { numeric: (string | number)[] }
  | { exists: boolean };

export interface Subscriber {
  name: string;
  handler: string;
  /** A record is delivered when it matches any of these patterns (OR), as on Lambda. */
  filters: FilterPattern[];
  batchSize: number;
  /** Retries of a failing batch before its records go to the failure destination. */
  maxRetries: number;
  bisectOnError: boolean;
  startingPosition: "TRIM_HORIZON" | "LATEST";
  /** Environment variables handed on to the function when the deploying (or local) shell sets them. */
  environment?: readonly string[];
}

/**
 * The home feed's celebrity threshold (followers; default 5,000): read by the feed subscribers and by the
 * web app, whose feed reads may rebuild a feed.
 */
export const CELEBRITY_THRESHOLD_ENV = "BOURSE_CELEBRITY_THRESHOLD";

/**
 * Settings of the web app that the deploying shell may set (README, "Settings"): identity's rate limits
 * (packages/core/src/rate-limit), bcrypt cost, the public URL in magic links, and the feed's threshold.
 */
export const webEnvironment = [
  CELEBRITY_THRESHOLD_ENV,
  "BOURSE_BCRYPT_COST",
  "BOURSE_PUBLIC_URL",
  "BOURSE_RATE_LIMITS",
  ...["SIGNUP", "LOGIN", "MAGIC_LINK", "TOKEN"].flatMap((name) =>
    ["", "_IP", "_ACCOUNT"].map((scope) => `BOURSE_RATE_LIMIT_${name}${scope}`),
  ),
] as const;

/** Entities whose writes are platform bookkeeping, not product activity. */
export const OPERATIONAL_ENTITIES = [
  "metricCount",
  "metricSnapshot",
  "streamFailure",
  // The social subscribers' replay guards.
  "counterEvent",
  "notificationMark",
  // Home feed copies and bookkeeping: derived from posts and follows, written by the feed subscribers.
  "feedItem",
  "feedState",
  // Rate-limit windows: one write per guarded request, not activity of their own.
  "rateLimit",
] as const;

/**
 * Records of `entity` (or of any of several, in the same two patterns at most: Lambda allows five per
 * subscriber) for the given event names, by the image that carries the entity name.
 */
export function entityFilter(
  entity: string | string[],
  events: ("INSERT" | "MODIFY" | "REMOVE")[],
): FilterPattern[] {
  const entities = typeof entity === "string" ? [entity] : entity;
  const withNew = events.filter((e) => e !== "REMOVE");
  const patterns: FilterPattern[] = [];
  if (withNew.length)
    patterns.push({ eventName: withNew, dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: entities } } } });
  if (events.includes("REMOVE"))
    patterns.push({ eventName: ["REMOVE"], dynamodb: { OldImage: { [ENTITY_ATTRIBUTE]: { S: entities } } } });
  return patterns;
}

export const subscribers = [
  {
    name: "Mailer",
    handler: "packages/functions/src/streams/mailer.handler",
    filters: entityFilter("email", ["INSERT"]),
    batchSize: 10,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
  {
    // An upload item expiring (TTL): its `uploads/` object goes too (a claim keeps its own `media/` copy).
    name: "UploadSweeper",
    handler: "packages/functions/src/streams/upload-sweeper.handler",
    filters: [{ eventName: ["REMOVE"], dynamodb: { OldImage: { [ENTITY_ATTRIBUTE]: { S: ["upload"] } } } }],
    batchSize: 25,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
  {
    name: "ActivityMeter",
    handler: "packages/functions/src/streams/activity-meter.handler",
    filters: [
      {
        eventName: ["INSERT", "MODIFY"],
        dynamodb: {
          NewImage: { [ENTITY_ATTRIBUTE]: { S: [{ "anything-but": [...OPERATIONAL_ENTITIES] }] } },
        },
      },
    ],
    batchSize: 100,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
  {
    // Likes, comments, posts and follows are single items: their INSERT/REMOVE are the counted events.
    name: "SocialCounters",
    handler: "packages/functions/src/streams/counters.handler",
    filters: entityFilter(["like", "comment", "post", "follow"], ["INSERT", "REMOVE"]),
    batchSize: 100,
    maxRetries: 10,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
  {
    name: "Notifier",
    handler: "packages/functions/src/streams/notifier.handler",
    // Post INSERTs carry the mentions.
    filters: entityFilter(["like", "comment", "follow", "post"], ["INSERT"]),
    batchSize: 25,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
  {
    // Home feed fan-out on post INSERT; a post REMOVE leaves every feed (same subscriber: in order per post).
    name: "FeedFanout",
    handler: "packages/functions/src/streams/feed-fanout.handler",
    filters: entityFilter("post", ["INSERT", "REMOVE"]),
    batchSize: 10,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
    environment: [CELEBRITY_THRESHOLD_ENV],
  },
  {
    // Follows backfill, unfollows remove; user MODIFYs may cross the celebrity threshold (followersCount).
    name: "FeedGraph",
    handler: "packages/functions/src/streams/feed-graph.handler",
    filters: [...entityFilter("follow", ["INSERT", "REMOVE"]), ...entityFilter("user", ["MODIFY"])],
    batchSize: 25,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
    environment: [CELEBRITY_THRESHOLD_ENV],
  },
  {
    name: "PostCleanup",
    handler: "packages/functions/src/streams/post-cleanup.handler",
    filters: entityFilter("post", ["REMOVE"]),
    batchSize: 10,
    maxRetries: 5,
    bisectOnError: true,
    startingPosition: "TRIM_HORIZON",
  },
] as const satisfies readonly Subscriber[];

export interface Cron {
  name: string;
  handler: string;
  /** An AWS schedule expression: `rate(...)` or `cron(...)` with six fields. */
  schedule: string;
}

export const crons = [
  {
    name: "MetricsSnapshot",
    handler: "packages/functions/src/cron/metrics-snapshot.handler",
    schedule: "rate(1 minute)",
  },
] as const satisfies readonly Cron[];

export interface UrlFunction {
  name: string;
  handler: string;
}

export const urlFunctions = [
  { name: "HealthApi", handler: "packages/functions/src/api/health.handler" },
] as const satisfies readonly UrlFunction[];

/**
 * Per-stage secrets (`sst.Secret` on AWS; generated into <data>/secrets.json locally). MetricsScrapeToken:
 * the bearer Prometheus sends to /api/metrics.
 */
export const secrets = ["JwtSigningKey", "MetricsScrapeToken"] as const;

export const email = { name: "Email", sender: "noreply@bourse.dev" } as const;

/** Every handler the topology names, for checks that each resolves to an export. */
export function allHandlers(): string[] {
  return [
    ...subscribers.map((s) => s.handler),
    ...crons.map((c) => c.handler),
    ...urlFunctions.map((f) => f.handler),
    ...Object.values(buckets).flatMap((b) =>
      "notifications" in b ? b.notifications.map((n) => n.handler) : [],
    ),
  ];
}
