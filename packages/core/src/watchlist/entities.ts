import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * A watchlist, in its owner's partition: every read is owner-scoped, so another owner's id finds nothing.
 * Deleted lists stay (soft delete: `deletedAt`) so their audit trail has its subject; reads skip them.
 */
export const watchlists = /* @__PURE__ */ new Entity(
  {
    model: { entity: "watchlist", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      watchlistID: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      tickers: { type: "list", items: { type: "string" }, required: true },
      /** Bumped by every change: writes are conditional on the version they read (no lost update). */
      version: { type: "number", required: true },
      createdAt: { type: "number", required: true, readOnly: true },
      updatedAt: { type: "number", required: true },
      deletedAt: { type: "number" },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["ownerID"] },
        sk: { field: "sk", composite: ["watchlistID"] },
      },
    },
  },
  Configuration,
);

/** One change of a watchlist (who, when, what before and after), written in the change's transaction. */
export const watchlistEvents = /* @__PURE__ */ new Entity(
  {
    model: { entity: "watchlistEvent", version: "1", service: SERVICE },
    attributes: {
      watchlistID: { type: "string", required: true, readOnly: true },
      /** A ULID of the change's time: the trail reads in order. */
      eventID: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
      actor: { type: "string", required: true, readOnly: true },
      action: { type: ["create", "rename", "change_tickers", "update", "delete"] as const, required: true },
      before: { type: "any" },
      after: { type: "any" },
      at: { type: "number", required: true, readOnly: true },
    },
    indexes: {
      primary: {
        pk: { field: "pk", composite: ["watchlistID"] },
        sk: { field: "sk", composite: ["eventID"] },
      },
    },
  },
  Configuration,
);

/**
 * How many active watchlists an owner has: every create and delete moves it in its transaction, under a
 * condition, so the limit holds however many requests race (never read-then-write).
 */
export const watchlistQuotas = /* @__PURE__ */ new Entity(
  {
    model: { entity: "watchlistQuota", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      active: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["ownerID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * How many active watchlists hold a symbol, moved in the same transactions as the lists. All of them sit
 * on one gsi1 partition, so "every watched symbol" is one Query (no Scan); at most one item per listed
 * symbol (~13k), those at zero filtered out.
 */
export const watchCounts = /* @__PURE__ */ new Entity(
  {
    model: { entity: "watchCount", version: "1", service: SERVICE },
    attributes: {
      symbol: { type: "string", required: true, readOnly: true },
      watchers: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["symbol"] }, sk: { field: "sk", composite: [] } },
      all: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["symbol"] },
      },
    },
  },
  Configuration,
);
