import { marshall } from "@aws-sdk/util-dynamodb";
import { mailedTo } from "@bourse/core/email/testing";
import * as PriceRun from "@bourse/core/price-data/run";
import { as, upload, uploader } from "@bourse/core/price-data/testing";
import type { AttributeValue, Context, DynamoDBRecord, S3Event } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler as ingest } from "../s3/data-input";
import { handler as analyse } from "./price-analyzer";
import { handler as report } from "./price-report";

const context = {
  awsRequestId: "test",
  functionName: "Price",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let sequence = 0;
function record(eventName: "INSERT" | "MODIFY", image: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: ulid(),
    eventName,
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      NewImage: marshall(image) as unknown as Record<string, AttributeValue>,
    },
  };
}

it("a redelivered S3 event, run record and analysis INSERT change nothing: one run, one analysis, one mail", async () => {
  const who = await uploader();
  const body = "Date,Open,High,Low,Close,Volume\n2017-01-03,10,12,9,11,1000\n2017-01-04,11,12,10,11.5,900\n";
  const runID = await upload(who, { filename: "REPLAY.csv", contentType: "text/csv", body });
  await platformIdle();
  const run = await as(who, () => PriceRun.get(runID));
  expect(run).toMatchObject({ status: "done", counts: { valid: 2 } });

  const event = {
    Records: [
      {
        eventTime: new Date().toISOString(),
        s3: { object: { key: `inputs/${who.id}/${runID}.csv`, eTag: run.etag, size: body.length } },
      },
    ],
  } as unknown as S3Event;
  await ingest(event, context);
  const image = { __edb_e__: "priceRun", runID, status: "analysing", correlationId: run.correlationId };
  expect(await analyse({ Records: [record("MODIFY", image)] }, context)).toEqual({ batchItemFailures: [] });
  const analysis = { __edb_e__: "priceAnalysis", runID, correlationId: run.correlationId };
  for (let i = 0; i < 2; i++)
    expect(await report({ Records: [record("INSERT", analysis)] }, context)).toEqual({
      batchItemFailures: [],
    });
  await platformIdle();

  expect(await as(who, () => PriceRun.get(runID))).toEqual(run);
  expect((await as(who, () => PriceRun.list({}))).items).toHaveLength(1);
  const mails = await mailedTo(who.email);
  expect(mails).toHaveLength(1);
  expect(mails[0]?.text).toContain(run.correlationId);
});

it("a record without a run id fails alone, reported as a partial batch failure", async () => {
  const bad = record("MODIFY", { __edb_e__: "priceRun", status: "analysing" });
  const response = await analyse({ Records: [bad] }, context);
  expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
});
