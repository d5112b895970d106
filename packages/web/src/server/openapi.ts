import { Email } from "@bourse/core/email";
import { Health } from "@bourse/core/health";
import { Metrics } from "@bourse/core/metrics";
import { Upload } from "@bourse/core/upload";
import { z } from "zod";
import { createDocument, type ZodOpenApiResponseObject } from "zod-openapi";
import { ErrorBody } from "./respond";
import { version } from "./version";

/**
 * The API's contract: the query schemas the routes validate with live here, body and response schemas are
 * core's own, and the document is generated from both, so it cannot drift from what the routes accept.
 */

export const OutboxQuery = z.object({
  cursor: z.string().optional().describe("the `cursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const SnapshotsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1440).default(60).describe("how many minutes, newest first"),
});

export async function openApiDocument() {
  const json = (description: string, schema: z.ZodType): ZodOpenApiResponseObject => ({
    description,
    content: { "application/json": { schema } },
  });
  const error = (description: string) => json(description, ErrorBody);
  const internal = error("Internal error (logged with the response's x-request-id)");
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Bourse API",
      version,
      description: "Operations endpoints of Bourse. Every error answers { error: { code, message } }.",
    },
    paths: {
      "/api/health": {
        get: {
          operationId: "getHealth",
          summary: "Check the table and the buckets",
          responses: {
            "200": json("Every check passed", Health.Report),
            "503": json("A dependency is down", Health.Report),
          },
        },
      },
      "/api/metrics": {
        get: {
          operationId: "getMetrics",
          summary: "Prometheus exposition: process metrics, API requests, the latest metrics snapshot",
          responses: {
            "200": {
              description: "Prometheus text format 0.0.4",
              content: { "text/plain; version=0.0.4": { schema: z.string() } },
            },
            "500": internal,
          },
        },
      },
      "/api/metrics/snapshots": {
        get: {
          operationId: "listMetricSnapshots",
          summary: "Per-minute metric snapshots, newest first",
          requestParams: { query: SnapshotsQuery },
          responses: {
            "200": json("The snapshots", z.object({ items: z.array(Metrics.Snapshot) })),
            "400": error("Invalid query"),
            "500": internal,
          },
        },
      },
      "/api/outbox": {
        get: {
          operationId: "listOutbox",
          summary: "The mail outbox, newest first",
          requestParams: { query: OutboxQuery },
          responses: {
            "200": json(
              "A page of messages",
              z.object({
                items: z.array(Email.Info),
                cursor: z.string().nullable().describe("pass it back for the next page; null on the last"),
              }),
            ),
            "400": error("Invalid query or cursor"),
            "500": internal,
          },
        },
        post: {
          operationId: "sendSampleEmail",
          summary: "Queue a sample message to a reserved domain (example.com/.org/.net, *.test)",
          requestBody: {
            required: true,
            content: { "application/json": { schema: Email.sendSample.schema } },
          },
          responses: {
            "202": json("Queued; the mailer delivers it shortly", Email.Info),
            "400": error("Malformed JSON (invalid_json) or invalid message (validation_failed)"),
            "413": error("Body over 1 MiB"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/uploads": {
        post: {
          operationId: "createUpload",
          summary:
            "Presign a direct upload of one image (JPEG, PNG, WebP or GIF, at most 10 MB) to the storage",
          description:
            "POST the returned `fields` and then the file (field `file`) as multipart/form-data to `url` " +
            "before `expiresAt`. The storage itself refuses another key or content type, more bytes than " +
            "announced, or a late upload. Members only.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: Upload.CreateInput } },
          },
          responses: {
            "201": json("The presigned POST", Upload.Presigned),
            "400": error("Malformed JSON (invalid_json) or invalid input (validation_failed)"),
            "401": error("Not signed in"),
            "403": error("Not a member (anonymous visitors cannot upload)"),
            "413": error("An image over 10 MB (payload_too_large)"),
            "415": error("Body not sent as application/json"),
            "500": internal,
          },
        },
      },
      "/api/media/{key}": {
        get: {
          operationId: "getMedia",
          summary: "An uploaded image: a redirect to a short-lived signed URL of the storage",
          requestParams: {
            path: z.object({ key: z.string().describe("the upload key, `uploads/<user>/<id>.<ext>`") }),
          },
          responses: {
            "302": { description: "Redirect to the image (cacheable privately for a few minutes)" },
            "404": error("Not an upload key"),
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
    },
    components: {
      schemas: {
        HealthReport: Health.Report,
        MetricSnapshot: Metrics.Snapshot,
        Email: Email.Info,
        SampleEmail: Email.sendSample.schema,
        UploadRequest: Upload.CreateInput,
        PresignedUpload: Upload.Presigned,
        Error: ErrorBody,
      },
    },
  });
}
