import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * One open WebSocket: who opened it (user and session, checked at $connect), the topics it follows (at most
 * Connection.MAX_TOPICS) and its message-rate window. Kept until $disconnect, a 410 from the management API,
 * its session's revocation or TTL (API Gateway closes a socket after two hours anyway). The bySession index
 * finds a revoked session's sockets without a scan.
 */
export const connections = /* @__PURE__ */ new Entity(
  {
    model: { entity: "realtimeConnection", version: "1", service: SERVICE },
    attributes: {
      connectionID: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      sessionID: { type: "string", required: true, readOnly: true },
      actorType: { type: ["user", "anonymous"] as const, required: true, readOnly: true },
      topics: { type: "set", items: "string" },
      openedAt: { type: "number", required: true, readOnly: true },
      /** The start (epoch seconds) of the current rate window and the messages received in it. */
      rateWindow: { type: "number", required: true },
      rateCount: { type: "number", required: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["connectionID"] }, sk: { field: "sk", composite: [] } },
      bySession: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["sessionID"] },
        sk: { field: "gsi1sk", composite: ["connectionID"] },
      },
    },
  },
  Configuration,
);

/** A connection following a topic, in the topic's partition: one Query finds a message's recipients. */
export const subscriptions = /* @__PURE__ */ new Entity(
  {
    model: { entity: "realtimeSubscription", version: "1", service: SERVICE },
    attributes: {
      topic: { type: "string", required: true, readOnly: true },
      connectionID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["topic"] },
        sk: { field: "sk", composite: ["connectionID"] },
      },
    },
  },
  Configuration,
);

/**
 * A message already sent, by its id (derived from the stream record and the topic): a replayed record
 * finds it and sends nothing again. Kept a day (streams keep records for one).
 */
export const marks = /* @__PURE__ */ new Entity(
  {
    model: { entity: "realtimeMark", version: "1", service: SERVICE },
    attributes: {
      messageID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["messageID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * A one-time connect ticket (its SHA-256), for browsers: their access cookie is httpOnly and the socket's
 * host may not be the app's, so the app hands a ticket good for one $connect within a minute.
 */
export const tickets = /* @__PURE__ */ new Entity(
  {
    model: { entity: "realtimeTicket", version: "1", service: SERVICE },
    attributes: {
      ticketHash: { type: "string", required: true, readOnly: true },
      userID: { type: "string", required: true, readOnly: true },
      sessionID: { type: "string", required: true, readOnly: true },
      kind: { type: ["member", "anonymous"] as const, required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["ticketHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
