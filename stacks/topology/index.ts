/**
 * What runs on what, as plain data: one module per domain, merged here. stacks/aws maps it onto SST
 * components, stacks/local onto the local platform, and tests check it. No SST import under this folder:
 * it must load anywhere.
 *
 * Handler paths are `<file without extension>.<export>` relative to the repository root, as SST expects.
 * Filters use Lambda's event-filtering pattern syntax over the DynamoDB stream record.
 */
import * as calc from "./calc";
import * as feed from "./feed";
import * as identity from "./identity";
import * as mail from "./mail";
import * as markets from "./markets";
import * as orders from "./orders";
import * as platform from "./platform";
import * as priceData from "./price-data";
import * as realtime from "./realtime";
import * as social from "./social";
import type { Subscriber } from "./subscriber";
import * as uploads from "./uploads";

export { type BucketCors, type BucketSpec, corsFor } from "./bucket";
export { ENTITY_ATTRIBUTE, entityFilter, type FilterPattern, type FilterRule } from "./filter";
export type { Cron, UrlFunction } from "./functions";
export { email } from "./mail";
export { type Table, table } from "./platform";
export type { WebSocketApi, WebSocketRoute } from "./realtime";
export type { Subscriber };

export const buckets = { ...uploads.buckets, ...platform.buckets };

/** Entities whose writes are platform bookkeeping, not product activity. */
export const OPERATIONAL_ENTITIES = [
  ...platform.operationalEntities,
  ...social.operationalEntities,
  ...feed.operationalEntities,
  ...identity.operationalEntities,
  ...priceData.operationalEntities,
  ...markets.operationalEntities,
  ...orders.operationalEntities,
  ...mail.operationalEntities,
  ...realtime.operationalEntities,
] as const;

export const subscribers = [
  ...mail.subscribers,
  ...uploads.subscribers,
  platform.activityMeter(OPERATIONAL_ENTITIES),
  ...social.subscribers,
  ...feed.subscribers,
  ...priceData.subscribers,
  ...markets.subscribers,
  ...orders.subscribers,
  ...realtime.subscribers,
] as const satisfies readonly Subscriber[];

export const crons = [...platform.crons, ...markets.crons, ...orders.crons, ...mail.crons] as const;

export const urlFunctions = [...platform.urlFunctions, ...calc.urlFunctions] as const;

/** The WebSocket API (real-time push): its routes and their handlers. */
export const webSocket = realtime.webSocket;

/** Per-stage secrets: `sst.Secret` on AWS; generated into <data>/secrets.json locally. */
export const secrets = [
  ...identity.secrets,
  ...platform.secrets,
  ...markets.secrets,
  ...mail.secrets,
] as const;

/** Settings of the web app that the deploying shell may set (README, "Settings"). */
export const webEnvironment = [
  ...platform.webEnvironment,
  ...identity.webEnvironment,
  ...feed.webEnvironment,
  ...mail.webEnvironment,
] as const;

/** Every handler the topology names, for checks that each resolves to an export. */
export function allHandlers(): string[] {
  return [
    ...subscribers.map((s) => s.handler),
    ...crons.map((c) => c.handler),
    ...urlFunctions.map((f) => f.handler),
    ...webSocket.routes.map((r) => r.handler),
    ...Object.values(buckets).flatMap((b) =>
      "notifications" in b ? b.notifications.map((n) => n.handler) : [],
    ),
  ];
}
