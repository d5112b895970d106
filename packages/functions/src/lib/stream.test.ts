import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { streamHandler } from "./stream";

const context = {
  awsRequestId: "test",
  functionName: "StreamTest",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

function record(seq: number): DynamoDBRecord {
  return {
    eventID: `event-${seq}`,
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: String(seq).padStart(21, "0"),
      Keys: { pk: { S: `k${seq}` }, sk: { S: "s" } },
    },
  };
}

describe("streamHandler", () => {
  it("reports the failed record and every later one unattempted, so a retry processes each record once", async () => {
    const processed: number[] = [];
    let failOnce = 3;
    const handler = streamHandler("StreamTest", async (r) => {
      const seq = Number(r.dynamodb?.SequenceNumber);
      if (seq === failOnce) {
        failOnce = -1;
        throw new Error("transient");
      }
      processed.push(seq);
    });

    const batch: DynamoDBStreamEvent = { Records: [1, 2, 3, 4, 5].map(record) };
    const first = await handler(batch, context);
    expect(first.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(
      [3, 4, 5].map((n) => String(n).padStart(21, "0")),
    );
    expect(processed).toEqual([1, 2]);

    // Lambda resumes from the lowest failed sequence number.
    const retry = await handler({ Records: batch.Records.slice(2) }, context);
    expect(retry.batchItemFailures).toEqual([]);
    expect(processed).toEqual([1, 2, 3, 4, 5]);
  });
});
