import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Meter from "@bourse/core/metrics";
import * as Push from "@bourse/core/realtime/push";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { lambda, logger, metrics } from "../lib/lambda";
import { changeOf } from "./social-change";

/**
 * Posts notifications, feed heads, sentiment, orders and breaker states to the sockets that follow them, a
 * batch at a time (Push.handle), and closes revoked sessions' sockets. Records from the first failed one on
 * are reported failed, so Lambda redelivers them (their sent messages are skipped by their marks).
 */
export const handler = lambda<DynamoDBStreamEvent, DynamoDBBatchResponse>(
  (event) => event.Records[0]?.eventID,
  async (event) => {
    const outcome = await Push.handle(event.Records.map(changeOf));
    metrics.addMetric("RealtimePushMessages", MetricUnit.Count, outcome.sent);
    if (outcome.failedAt === undefined) return { batchItemFailures: [] };
    const failed = event.Records.slice(outcome.failedAt);
    logger.warn("realtime push records failed", { failed: failed.length });
    metrics.addMetric("RealtimePushFailures", MetricUnit.Count, failed.length);
    await Meter.countFailure("RealtimePush", failed.length);
    return {
      batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? "" })),
    };
  },
);
