import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * Resilience state shared by every instance through the table: each breaker's state (one partition, so one
 * Query reads them all), its transitions (kept 7 days), the chaos switches and the quota counters.
 */
export const breakerStates = /* @__PURE__ */ new Entity(
  {
    model: { entity: "breakerState", version: "1", service: SERVICE },
    attributes: {
      service: { type: "string", required: true, readOnly: true },
      state: { type: ["closed", "open", "half_open"] as const, required: true },
      /** Consecutive failures seen (cockatiel's ConsecutiveBreaker count). */
      failures: { type: "number", required: true },
      changedAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["service"] } },
    },
  },
  Configuration,
);

export const breakerTransitions = /* @__PURE__ */ new Entity(
  {
    model: { entity: "breakerTransition", version: "1", service: SERVICE },
    attributes: {
      service: { type: "string", required: true, readOnly: true },
      at: { type: "number", required: true, readOnly: true },
      transitionID: { type: "string", required: true, readOnly: true },
      from: { type: "string", required: true },
      to: { type: "string", required: true },
      failures: { type: "number", required: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["service"] },
        sk: { field: "sk", composite: ["at", "transitionID"] },
      },
    },
  },
  Configuration,
);

/** A chaos switch; off once `until` has passed (TTL sweeps it a day later). One partition for all. */
export const chaosSwitches = /* @__PURE__ */ new Entity(
  {
    model: { entity: "chaosSwitch", version: "1", service: SERVICE },
    attributes: {
      target: { type: "string", required: true, readOnly: true },
      mode: { type: ["error", "slow", "rate_limit", "off"] as const, required: true },
      until: { type: "number", required: true },
      setAt: { type: "number", required: true },
      setBy: { type: "string", required: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: [] }, sk: { field: "sk", composite: ["target"] } },
    },
  },
  Configuration,
);

/** Calls to a provider in one window (`m:<minute>` or `d:<day>`), added to in batches. */
export const quotaCounters = /* @__PURE__ */ new Entity(
  {
    model: { entity: "quotaCounter", version: "1", service: SERVICE },
    attributes: {
      provider: { type: "string", required: true, readOnly: true },
      window: { type: "string", required: true, readOnly: true },
      count: { type: "number", required: true, default: 0 },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["provider"] },
        sk: { field: "sk", composite: ["window"] },
      },
    },
  },
  Configuration,
);
