import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Meter from "@bourse/core/metrics";
import * as Order from "@bourse/core/order";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { lambda, logger, metrics } from "../lib/lambda";
import { changeOf } from "./social-change";

/**
 * Counts order and refused-event INSERTs per partner and minute (each record once, replays included),
 * then evaluates the failure-rate alarm of each partner counted. Records not counted are reported
 * failed so Lambda redelivers them; an alarm evaluation that fails is left to the next batch or the cron.
 */
export const handler = lambda<DynamoDBStreamEvent, DynamoDBBatchResponse>(
  (event) => event.Records[0]?.eventID,
  async (event) => {
    const { done, error, partners } = await Order.OrderMetrics.record(event.Records.map(changeOf));
    for (const partnerID of partners)
      await Order.Alarm.evaluate(partnerID).catch((e: unknown) =>
        logger.warn("order alarm evaluation failed", { partnerID, error: e as Error }),
      );
    const failed = event.Records.slice(done);
    metrics.addMetric("OrderMetricsRecords", MetricUnit.Count, done);
    if (failed.length === 0) return { batchItemFailures: [] };
    logger.warn("order metrics records failed", { failed: failed.length, error: error as Error });
    metrics.addMetric("OrderMetricsFailures", MetricUnit.Count, failed.length);
    await Meter.countFailure("OrderMetrics", failed.length);
    return {
      batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? "" })),
    };
  },
);
