import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/** A member's alert rule, in the owner's partition: every read is owner-scoped (another owner's id finds nothing). */
export const alertRules = /* @__PURE__ */ new Entity(
  {
    model: { entity: "alertRule", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      ruleID: { type: "string", required: true, readOnly: true },
      /** `Target` (alert/rule.ts), parsed on read. */
      target: { type: "any", required: true },
      /** `Condition` (alert/rule.ts), parsed on read. */
      condition: { type: "any", required: true },
      /** The symbols the rule watches now: the ticker, or the watchlist's tickers (kept in step with it). */
      symbols: { type: "list", items: { type: "string" }, required: true },
      cooldownMinutes: { type: "number", required: true },
      enabled: { type: "boolean", required: true },
      /** When it last fired (epoch ms): the cooldown's start, moved only under the cooldown's condition. */
      lastFiredAt: { type: "number" },
      createdAt: { type: "number", required: true, readOnly: true },
      updatedAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["ownerID"] }, sk: { field: "sk", composite: ["ruleID"] } },
    },
  },
  Configuration,
);

/** How many rules a member has: moved in the transaction of each create and delete, under the limit. */
export const alertQuotas = /* @__PURE__ */ new Entity(
  {
    model: { entity: "alertQuota", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      rules: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["ownerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** Which rules watch a symbol: what the evaluator reads for a new score (one Query per symbol). */
export const alertTargets = /* @__PURE__ */ new Entity(
  {
    model: { entity: "alertTarget", version: "1", service: SERVICE },
    attributes: {
      symbol: { type: "string", required: true, readOnly: true },
      ruleID: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["symbol"] }, sk: { field: "sk", composite: ["ruleID"] } },
    },
  },
  Configuration,
);

/**
 * One firing of a rule for one event (a score of an article under a symbol): its id is derived from the
 * three, so a replayed event finds it and fires nothing twice. `token` (the unsubscribe link's secret)
 * waits here only until the mail is queued; then it is removed. Kept 30 days.
 */
export const alertFirings = /* @__PURE__ */ new Entity(
  {
    model: { entity: "alertFiring", version: "1", service: SERVICE },
    attributes: {
      firingID: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
      ruleID: { type: "string", required: true, readOnly: true },
      symbol: { type: "string", required: true, readOnly: true },
      articleID: { type: "string", required: true, readOnly: true },
      /** What the rule saw, for the mail: "sentiment 0.42 over the last hour", "7 articles this hour". */
      observed: { type: "string", required: true, readOnly: true },
      token: { type: "string" },
      firedAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["firingID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/** An unsubscribe link's token, stored as its SHA-256 only: it names the rule it disables. Kept 90 days. */
export const alertUnsubscribes = /* @__PURE__ */ new Entity(
  {
    model: { entity: "alertUnsubscribe", version: "1", service: SERVICE },
    attributes: {
      tokenHash: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
      ruleID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
