import * as Cron from "@bourse/core/cron";
import * as Email from "@bourse/core/email";
import * as Health from "@bourse/core/health";
import * as Metrics from "@bourse/core/metrics";
import * as z from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { adminOnly, badQuery, body, error, internal, json, pagedGet, pageOf } from "./contract";
import { queryOf } from "./query";

/** The operations contract: health, Prometheus metrics and their snapshots, the mail outbox, this document. */

export const HealthQuery = queryOf(Health.Input);
export const OutboxQuery = queryOf(Email.list.schema);
export const SnapshotsQuery = queryOf(Metrics.RecentInput);
export const PanelsQuery = queryOf(Metrics.PanelsInput);

export const schemas = {
  HealthReport: Health.Report,
  MetricSnapshot: Metrics.Snapshot,
  MetricPanelMinute: Metrics.PanelMinute,
  Email: Email.Info,
  SampleEmail: Email.sendSample.schema,
  Cron: Cron.Info,
  CronRun: Cron.Run,
};

export const paths: ZodOpenApiPathsObject = {
  "/api/health": {
    get: {
      operationId: "getHealth",
      summary: "Check the table and the buckets: up or down each, nothing more (public)",
      requestParams: { query: HealthQuery },
      responses: {
        "200": json("Every check passed", Health.Report),
        ...badQuery,
        "401": error("`live` without signing in"),
        "403": error("`live` by someone who is not an administrator"),
        "503": json("A dependency is down", Health.Report),
      },
    },
  },
  "/api/metrics": {
    get: {
      operationId: "getMetrics",
      summary: "Prometheus exposition: process metrics, API requests, the latest metrics snapshot",
      description:
        "Send the stage's scrape token (the MetricsScrapeToken secret) as `Authorization: Bearer <token>`, " +
        "or call as an administrator.",
      responses: {
        "200": {
          description: "Prometheus text format 0.0.4",
          content: { "text/plain; version=0.0.4": { schema: z.string() } },
        },
        "401": error("No scrape token and no session"),
        "403": error("Wrong scrape token, or not an administrator"),
        "500": internal,
      },
    },
  },
  "/api/metrics/panels": {
    get: {
      operationId: "listMetricPanels",
      summary: "The dashboard's panels per minute, deployment-wide, oldest first (administrators only)",
      requestParams: { query: PanelsQuery },
      responses: {
        "200": json("One entry per minute", z.object({ items: z.array(Metrics.PanelMinute) })),
        "400": error("Invalid query"),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/metrics/snapshots": {
    get: {
      operationId: "listMetricSnapshots",
      summary: "Per-minute metric snapshots, newest first (administrators only)",
      requestParams: { query: SnapshotsQuery },
      responses: {
        "200": json("The snapshots", z.object({ items: z.array(Metrics.Snapshot) })),
        "400": error("Invalid query"),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/outbox": {
    get: pagedGet({
      operationId: "listOutbox",
      summary: "The mail outbox, newest first (administrators only; secrets a mail carries are hidden)",
      query: OutboxQuery,
      answer: "A page of messages",
      page: pageOf(Email.Info),
      responses: adminOnly,
    }),
    post: {
      operationId: "sendSampleEmail",
      summary:
        "Queue a sample message to a reserved domain (example.com/.org/.net, *.test); administrators only",
      requestBody: body(Email.sendSample.schema),
      responses: {
        "202": json("Queued; the mailer delivers it shortly", Email.Info),
        "400": error("Malformed JSON (invalid_json) or invalid message (validation_failed)"),
        ...adminOnly,
        "413": error("Body over 1 MiB"),
        "415": error("Body not sent as application/json"),
        "500": internal,
      },
    },
  },
  "/api/openapi.json": {
    get: {
      operationId: "getOpenApi",
      summary: "This document",
      responses: { "200": json("OpenAPI 3.1", z.record(z.string(), z.unknown())), "500": internal },
    },
  },
  "/api/admin/crons": {
    get: {
      operationId: "listCrons",
      summary: "The crons of the topology (administrators only)",
      responses: {
        "200": json("By name", z.object({ items: z.array(Cron.Info) })),
        ...adminOnly,
        "500": internal,
      },
    },
  },
  "/api/admin/crons/{name}/run": {
    post: {
      operationId: "runCron",
      summary: "Run a cron now, as its schedule would (administrators only)",
      description: "Its function is invoked asynchronously (Lambda Event invocation): 202 once accepted.",
      requestParams: { path: z.object({ name: z.string().describe("a cron's name, e.g. MetricsSnapshot") }) },
      responses: {
        "202": json("Accepted: the run starts now", z.object({ run: Cron.Run })),
        ...adminOnly,
        "404": error("No cron of that name"),
        "500": internal,
      },
    },
  },
};
