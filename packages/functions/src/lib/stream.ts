import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Meter from "@bourse/core/metrics";
import * as Correlation from "@bourse/core/util/correlation";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { lambda, logger, metrics } from "./lambda";

/** Raised for the records after a failed one: they were not attempted, so Lambda redelivers them once. */
class NotAttempted extends Error {
  constructor() {
    super("not attempted: an earlier record of the batch failed");
  }
}

/**
 * A stream subscriber that handles records one at a time, in order, and reports partial batch failures.
 * Lambda resumes a stream from the lowest failed sequence number, so once a record fails the rest are
 * reported failed without being attempted: no record is ever processed twice because a later one failed.
 */
export function streamHandler(name: string, handleRecord: (record: DynamoDBRecord) => Promise<void>) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return lambda<DynamoDBStreamEvent, DynamoDBBatchResponse>(
    (event) => correlationOf(event.Records[0]),
    async (event, context) => {
      let failed = false;
      const response = await processPartialResponse(
        event,
        async (record: DynamoDBRecord) => {
          if (failed) throw new NotAttempted();
          // Each record logs under the id of the request that wrote its item.
          logger.appendKeys({ correlationId: correlationOf(record) });
          try {
            await handleRecord(record);
          } catch (error) {
            failed = true;
            logger.warn("record failed", { eventID: record.eventID, error: error as Error });
            throw error;
          }
        },
        processor,
        { context, processInParallel: false, throwOnFullBatchFailure: false },
      );
      const failures = response.batchItemFailures.length;
      metrics.addMetric(`${name}Records`, MetricUnit.Count, event.Records.length - failures);
      if (failures) {
        metrics.addMetric(`${name}Failures`, MetricUnit.Count, failures);
        await Meter.countFailure(name, 1);
      }
      return response;
    },
  );
}

/** The correlation id the record's item was written under (dynamo/client.ts), else the record's own id. */
export function correlationOf(record: DynamoDBRecord | undefined): string | undefined {
  const image = record?.dynamodb?.NewImage ?? record?.dynamodb?.OldImage;
  return image?.[Correlation.ATTRIBUTE]?.S ?? record?.eventID;
}
