import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import * as Actor from "@bourse/core/actor";
import * as Calc from "@bourse/core/calc";
import { client, tableName } from "@bourse/core/dynamo";
import * as Correlation from "@bourse/core/util/correlation";
import type { DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { calculations } from "../../../core/src/calc/entities";
import { correlationOf } from "./stream";

it("carries a request's correlation id in the items it puts, to the stream handlers' logs", async () => {
  const userID = ulid();
  const made = await Correlation.provide("req-calc-1", () =>
    Actor.provide({ type: "anonymous", properties: { userID, sessionID: "t" } }, () =>
      Calc.run({ operation: "add", operands: [1, 1] }),
    ),
  );
  const key = calculations.get({ ownerID: userID, calcID: made.id }).params().Key as {
    pk: string;
    sk: string;
  };
  const { Item: item } = await client.send(
    new GetItemCommand({ TableName: tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
  );
  expect(item?.result?.S).toBe("2");
  expect(item?.correlationId).toEqual({ S: "req-calc-1" });
  // Reading it back through the domain is unaffected.
  const history = await Actor.provide({ type: "anonymous", properties: { userID, sessionID: "t" } }, () =>
    Calc.history({}),
  );
  expect(history.items).toEqual([made]);

  const record = { eventID: "e1", dynamodb: { NewImage: { correlationId: { S: "req-calc-1" } } } };
  expect(correlationOf(record as DynamoDBRecord)).toBe("req-calc-1");
  expect(correlationOf({ eventID: "e2", dynamodb: {} } as DynamoDBRecord)).toBe("e2");
});
