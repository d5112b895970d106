import { marshall } from "@aws-sdk/util-dynamodb";
import * as Alert from "@bourse/core/alert";
import { scored, subscriber } from "@bourse/core/alert/testing";
import { deliveredTo } from "@bourse/core/email/testing";
import { as } from "@bourse/core/social/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./alert-evaluator";

const context = {
  awsRequestId: "test",
  functionName: "AlertEvaluator",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

it("fires once per score however often the batch is replayed", { timeout: 180_000 }, async () => {
  const who = await subscriber();
  await as(who, () =>
    Alert.create({
      target: { kind: "ticker", symbol: "ZTO" },
      condition: { kind: "volume", perHour: 0 },
    }),
  );
  const score = await scored("ZTO");
  const record: DynamoDBRecord = {
    eventID: ulid(),
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: "1".padStart(21, "0"),
      NewImage: marshall({ __edb_e__: "articleScore", ...score }) as Record<string, AttributeValue>,
    },
  };
  await platformIdle(90_000);
  for (let i = 0; i < 3; i++)
    expect(await handler({ Records: [record, record] }, context)).toEqual({ batchItemFailures: [] });
  expect(await deliveredTo(who.email)).toHaveLength(1);
});
