import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * Per-minute counters, written by the activity meter and by handler failures. `name` is `items#<entity>`,
 * `lag` or `failures#<source>`; items whose minute is `batch#<key>` are replay guards. Kept two days.
 */
export const metricCounts = /* @__PURE__ */ new Entity(
  {
    model: { entity: "metricCount", version: "1", service: SERVICE },
    attributes: {
      minute: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true, readOnly: true },
      count: { type: "number", required: true, default: 0 },
      sumMs: { type: "number", required: true, default: 0 },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["minute"] }, sk: { field: "sk", composite: ["name"] } },
    },
  },
  Configuration,
);

/** One item per minute: what the metrics cron saw. Kept 30 days. */
export const metricSnapshots = /* @__PURE__ */ new Entity(
  {
    model: { entity: "metricSnapshot", version: "1", service: SERVICE },
    attributes: {
      minute: { type: "string", required: true, readOnly: true },
      items: { type: "any", required: true },
      itemsTotal: { type: "number", required: true },
      streamLagMs: { type: "number" },
      failures: { type: "any", required: true },
      failuresTotal: { type: "number", required: true },
      createdAt: { type: "number", required: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["minute"] } },
    },
  },
  Configuration,
);
