import { DataInput } from "@bourse/core/data-input";
import type { S3Event } from "aws-lambda";
import { lambda, logger } from "../lib/lambda";

/** Records each file dropped under `inputs/` of the data bucket, once per distinct content (ETag). */
export const handler = lambda<S3Event, void>(
  (event) => event.Records[0]?.responseElements?.["x-amz-request-id"],
  async (event) => {
    for (const record of event.Records) {
      const { bucket, object } = record.s3;
      // S3 event keys are URL-encoded with '+' for spaces.
      const key = decodeURIComponent(object.key.replace(/\+/g, " "));
      const result = await DataInput.receive({
        bucket: bucket.name,
        key,
        etag: object.eTag,
        size: object.size,
      });
      logger.info("data input", { key, duplicate: result.duplicate });
    }
  },
);
