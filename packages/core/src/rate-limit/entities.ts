import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** One fixed window of one limit for one key: a counter incremented atomically (ADD), expired by TTL. */
export const counters = /* @__PURE__ */ new Entity(
  {
    model: { entity: "rateLimit", version: "1", service: SERVICE },
    attributes: {
      /** `<name>:<scope>:<sha-256 of the key>`: no IP or email is stored in clear. */
      bucket: { type: "string", required: true, readOnly: true },
      /** The window's start, epoch seconds. */
      window: { type: "number", required: true, readOnly: true },
      count: { type: "number" },
      /** Epoch seconds (TTL): the end of the window. */
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["bucket", "window"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
