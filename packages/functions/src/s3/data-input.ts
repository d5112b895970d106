import * as PriceRun from "@bourse/core/price-data/run";
import type { S3Event } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/**
 * Ingests each price file dropped under `inputs/` of the data bucket: validation, rejects, dedupe by ETag
 * (PriceRun.ingest). A replayed event finds its run already taken and does nothing.
 */
export const handler = lambda<S3Event, void>(
  (event) => event.Records[0]?.responseElements?.["x-amz-request-id"],
  async (event) => {
    for (const record of event.Records) {
      const { object } = record.s3;
      // S3 event keys are URL-encoded with '+' for spaces.
      const key = decodeURIComponent(object.key.replace(/\+/g, " "));
      const result = await PriceRun.ingest({
        key,
        etag: object.eTag,
        size: object.size,
        at: Date.parse(record.eventTime) || undefined,
      });
      // The run's correlation id, so this line joins the run's other logs and its email.
      const correlationId = "correlationId" in result ? result.correlationId : undefined;
      logger.info("price data input", { key, ...result, ...(correlationId ? { correlationId } : {}) });
    }
  },
);
