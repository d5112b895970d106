import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

const SEQUENCE = {
  type: "number",
  required: true,
  readOnly: true,
  padding: { length: 12, char: "0" },
} as const;

/** An accepted order, by partner and its gap-free sequence number; gsi1 orders it by event time. */
export const orders = /* @__PURE__ */ new Entity(
  {
    model: { entity: "order", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      sequence: SEQUENCE,
      orderId: { type: "string", required: true, readOnly: true },
      symbol: { type: "string", required: true, readOnly: true },
      side: { type: ["buy", "sell"] as const, required: true, readOnly: true },
      quantity: { type: "number", required: true, readOnly: true },
      type: { type: ["market", "limit", "stop"] as const, required: true, readOnly: true },
      /** A plain decimal string, kept exactly as sent (normalised). */
      price: { type: "string", readOnly: true },
      eventTime: { type: "number", required: true, readOnly: true, padding: { length: 15, char: "0" } },
      clientRef: { type: "string", readOnly: true },
      receivedAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["partnerID"] },
        sk: { field: "sk", composite: ["sequence"] },
      },
      byEventTime: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["partnerID"] },
        sk: { field: "gsi1sk", composite: ["eventTime", "sequence"] },
      },
    },
  },
  Configuration,
);

/**
 * The orderId guard: one item per partner and orderId, written in the same transaction as the order, so
 * an orderId is numbered once whatever races; it keeps the sequence given and a hash of the content.
 */
export const orderGuards = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderGuard", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      orderId: { type: "string", required: true, readOnly: true },
      sequence: { type: "number", required: true, readOnly: true },
      hash: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["partnerID", "orderId"] },
        sk: { field: "sk", composite: [] },
      },
    },
  },
  Configuration,
);

/** The partner's last sequence number given; moved only by the transactions that write the orders. */
export const orderCounters = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderCounter", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      last: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** A rejected event with its reasons, by partner and time received; expires after 30 days (TTL). */
export const orderErrors = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderError", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      receivedAt: { type: "number", required: true, readOnly: true, padding: { length: 15, char: "0" } },
      errorID: { type: "string", required: true, readOnly: true },
      orderId: { type: "string", readOnly: true },
      reasons: { type: "list", items: { type: "string" }, required: true, readOnly: true },
      /** The event as sent, as JSON, cut to 2 KB. */
      event: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["partnerID"] },
        sk: { field: "sk", composite: ["receivedAt", "errorID"] },
      },
    },
  },
  Configuration,
);

/** A partner's validation rules, set by admins. Absent: any listed symbol, every type and side, no limits. */
export const orderRules = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderRules", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      /** Absent: any listed symbol. */
      symbols: { type: "list", items: { type: "string" } },
      maxQuantity: { type: "number" },
      /** A plain decimal string. */
      maxNotional: { type: "string" },
      types: { type: "list", items: { type: "string" }, required: true },
      sides: { type: "list", items: { type: "string" }, required: true },
      updatedAt: { type: "number", required: true },
      updatedBy: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** A stream record the order metrics counted: written with the counts, so a replay counts nothing. */
export const orderMetricMarks = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderMetricMark", version: "1", service: SERVICE },
    attributes: {
      eventID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["eventID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** A partner's failure-rate alarm: its state now, and the episode it is in (or was last). */
export const orderAlarms = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderAlarm", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      state: { type: ["ok", "firing"] as const, required: true },
      episodeID: { type: "string" },
      since: { type: "number", required: true },
      /** Failure rate over the window at the last evaluation (0..1). */
      rate: { type: "number", required: true },
      events: { type: "number", required: true },
      /** The episode whose mail to admins is queued. */
      mailed: { type: "string" },
      evaluatedAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** One episode of a partner's alarm, from firing to clearing. */
export const orderAlarmEpisodes = /* @__PURE__ */ new Entity(
  {
    model: { entity: "orderAlarmEpisode", version: "1", service: SERVICE },
    attributes: {
      partnerID: { type: "string", required: true, readOnly: true },
      episodeID: { type: "string", required: true, readOnly: true },
      startedAt: { type: "number", required: true, readOnly: true },
      startRate: { type: "number", required: true, readOnly: true },
      endedAt: { type: "number" },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["partnerID"] },
        sk: { field: "sk", composite: ["episodeID"] },
      },
    },
  },
  Configuration,
);
