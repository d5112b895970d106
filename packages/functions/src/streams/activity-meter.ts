import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import * as Metrics from "@bourse/core/metrics";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { lambda } from "../lib/lambda";
import { correlationOf } from "../lib/stream";

/**
 * Counts writes per entity type and minute for the metrics snapshot. The whole batch is one idempotent
 * transaction keyed by its sequence-number range, so a replayed batch is not counted twice. Stream lag is
 * measured from the items' own write times (the stream's are whole seconds, whole minutes locally).
 */
export const handler = lambda<DynamoDBStreamEvent, void>(
  (event) => correlationOf(event.Records[0]),
  async (event) => {
    const records = event.Records;
    const first = records[0]?.dynamodb?.SequenceNumber;
    const last = records.at(-1)?.dynamodb?.SequenceNumber;
    if (!first || !last) return;
    await Metrics.recordActivity(
      `${first}-${last}`,
      records.map((r) => {
        const image = r.dynamodb?.NewImage;
        // Our own write time where the item has one (an INSERT's createdAt, a MODIFY's updatedAt).
        const own = Number(image?.[r.eventName === "INSERT" ? "createdAt" : "updatedAt"]?.N);
        const exact = Number.isFinite(own) && own > 0;
        return {
          entity: image?.[ENTITY_ATTRIBUTE]?.S ?? "unknown",
          writtenAt: exact ? own : (r.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000,
          exact,
        };
      }),
    );
  },
);
