/**
 * Real-time push: a WebSocket API whose routes run our handlers ($connect authenticates, `subscribe` adds
 * topics the caller may read, $disconnect forgets the connection), and one stream subscriber that turns the
 * records people watch into messages posted to the subscribed connections. Route selection is on the
 * body's `action`, as API Gateway's `$request.body.action`.
 */
import { ENTITY_ATTRIBUTE, entityFilter, type FilterPattern } from "./filter";
import { subscriber } from "./subscriber";

/** Connections, their subscriptions, one-time connect tickets and the push's replay guards. */
export const operationalEntities = [
  "realtimeConnection",
  "realtimeSubscription",
  "realtimeTicket",
  "realtimeMark",
] as const;

/** The entities whose writes reach browsers (each maps to topics in core's realtime/push.ts). */
export const pushedEntities = ["notification", "feedItem", "sentimentHour", "order", "breakerState"] as const;

export interface WebSocketRoute {
  /** `$connect`, `$disconnect` or an `action` value (no `$default`: API Gateway refuses other actions). */
  route: string;
  name: string;
  handler: string;
  environment?: readonly string[];
}

export interface WebSocketApi {
  name: string;
  /** What API Gateway reads to pick a route (`$request.body.action`): the JSON body's field. */
  routeSelection: "action";
  routes: readonly WebSocketRoute[];
}

export const webSocket = {
  name: "Realtime",
  routeSelection: "action",
  routes: [
    {
      route: "$connect",
      name: "WsConnect",
      handler: "packages/functions/src/ws/connect.handler",
      // The access cookie is taken only from pages of this origin.
      environment: ["BOURSE_PUBLIC_URL"],
    },
    { route: "$disconnect", name: "WsDisconnect", handler: "packages/functions/src/ws/disconnect.handler" },
    { route: "subscribe", name: "WsSubscribe", handler: "packages/functions/src/ws/subscribe.handler" },
    { route: "ping", name: "WsPing", handler: "packages/functions/src/ws/ping.handler" },
  ],
} as const satisfies WebSocketApi;

/** A session's revocation: its sockets are closed at once. */
const revokedSession: FilterPattern = {
  eventName: ["MODIFY"],
  dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: ["session"] }, revokedAt: { N: [{ exists: true }] } } },
};

export const subscribers = [
  subscriber({
    name: "RealtimePush",
    handler: "packages/functions/src/streams/realtime-push.handler",
    filters: [...entityFilter([...pushedEntities], ["INSERT", "MODIFY"]), revokedSession],
    batchSize: 100,
    // Late news is no news: a record that keeps failing is dropped sooner than the others'.
    maxRetries: 3,
    startingPosition: "LATEST",
  }),
] as const;
