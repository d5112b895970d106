import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as Meter from "@bourse/core/metrics";
import * as Counter from "@bourse/core/social/counter";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { lambda, logger, metrics } from "../lib/lambda";
import { changeOf } from "./social-change";

/**
 * Keeps the social counters (likes and comments per post; posts, followers and following per user) from
 * like, comment, post and follow INSERTs and REMOVEs. The whole batch goes to Counter.apply, which batches
 * transactions and applies each record exactly once (replays included); records it did not get to are
 * reported failed so Lambda redelivers them.
 */
export const handler = lambda<DynamoDBStreamEvent, DynamoDBBatchResponse>(
  (event) => event.Records[0]?.eventID,
  async (event) => {
    const { done, error } = await Counter.apply(event.Records.map(changeOf));
    const failed = event.Records.slice(done);
    metrics.addMetric("SocialCountersRecords", MetricUnit.Count, done);
    if (failed.length === 0) return { batchItemFailures: [] };
    logger.warn("counter records failed", { failed: failed.length, error: error as Error });
    metrics.addMetric("SocialCountersFailures", MetricUnit.Count, failed.length);
    await Meter.countFailure("SocialCounters", failed.length);
    return {
      batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? "" })),
    };
  },
);
