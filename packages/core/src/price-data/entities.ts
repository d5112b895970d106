import { Entity } from "electrodb";
import { Configuration, SERVICE } from "../dynamo";

/**
 * A price-data run: one uploaded file through ingestion and analysis. Created `queued` with the presigned
 * form (its id is the upload's, in the object key), so the S3 notification finds it; the item is the event
 * the Analyzer subscribes to (status `analysing`).
 */
export const runs = /* @__PURE__ */ new Entity(
  {
    model: { entity: "priceRun", version: "1", service: SERVICE },
    attributes: {
      runID: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
      filename: { type: "string", required: true, readOnly: true },
      contentType: { type: ["application/json", "text/csv"] as const, required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      maxSize: { type: "number", required: true, readOnly: true },
      correlationId: { type: "string", required: true, readOnly: true },
      status: {
        type: ["queued", "ingesting", "analysing", "done", "failed", "duplicate"] as const,
        required: true,
        default: "queued",
      },
      etag: { type: "string" },
      size: { type: "number" },
      /** The run whose file had the same bytes (status `duplicate`). */
      duplicateOf: { type: "string" },
      /** Why the run failed, for the person who sent the file. */
      error: { type: "string" },
      /** { rows, valid, rejected, reasons: { <reason>: n } } */
      counts: { type: "any" },
      symbols: { type: "list", items: { type: "string" } },
      /** Epoch ms of each step: queued, uploaded, ingestStarted, ingested, analysed. */
      timings: { type: "any" },
      /** Who holds the ingestion, so a crashed one can be taken over once its lease lapses. */
      leaseUntil: { type: "number" },
      createdAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["runID"] }, sk: { field: "sk", composite: [] } },
      byOwner: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["ownerID"] },
        sk: { field: "gsi1sk", composite: ["runID"] },
      },
    },
  },
  Configuration,
);

/** The first run of an owner's file with these bytes (S3's ETag): later uploads of it are duplicates. */
export const files = /* @__PURE__ */ new Entity(
  {
    model: { entity: "priceFile", version: "1", service: SERVICE },
    attributes: {
      ownerID: { type: "string", required: true, readOnly: true },
      etag: { type: "string", required: true, readOnly: true },
      runID: { type: "string", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["ownerID", "etag"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);

/**
 * The analysis of a run, created once (conditional create: a replay makes no second one). Its INSERT is
 * the event the report's notifier mails on. Anomaly lists live in `processed/<run>/analysis.json`.
 */
export const analyses = /* @__PURE__ */ new Entity(
  {
    model: { entity: "priceAnalysis", version: "1", service: SERVICE },
    attributes: {
      runID: { type: "string", required: true, readOnly: true },
      ownerID: { type: "string", required: true, readOnly: true },
      correlationId: { type: "string", required: true, readOnly: true },
      /** Per-symbol metrics without their anomaly lists, with `anomalyCount`. */
      metrics: { type: "any", required: true, readOnly: true },
      aggregates: { type: "any", required: true, readOnly: true },
      summary: { type: "any", required: true, readOnly: true },
      /** The report's outbox id, fixed at creation: a replayed notifier queues the same mail, not another. */
      reportEmailID: { type: "string", required: true, readOnly: true },
      createdAt: { type: "number", required: true, readOnly: true },
      expiresAt: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["runID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  Configuration,
);
