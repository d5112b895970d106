import type { _Record } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { TTL_USER_IDENTITY, toLambdaRecord } from "./records";

const source = { region: "eu-west-1", streamArn: "arn:aws:dynamodb:ddblocal:000000000000:table/T/stream/1" };

const sdkRecord = (
  eventName: string,
  images: Pick<NonNullable<_Record["dynamodb"]>, "NewImage" | "OldImage">,
) =>
  ({
    eventID: "e1",
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "ddblocal",
    dynamodb: {
      ApproximateCreationDateTime: new Date("2026-01-02T03:04:00.000Z"),
      Keys: { pk: { S: "a" } },
      ...images,
      SequenceNumber: "000000000000000000007",
      SizeBytes: 42,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  }) as _Record;

describe("toLambdaRecord", () => {
  it("keeps an empty map, which the streams SDK hands over as a bare {}", () => {
    const record = toLambdaRecord(
      sdkRecord("INSERT", {
        NewImage: { pk: { S: "a" }, items: {} as never, nested: { M: { inner: {} as never } } },
      }),
      source,
    );
    expect(record.dynamodb?.NewImage?.items).toEqual({ M: {} });
    expect(record.dynamodb?.NewImage?.nested).toEqual({ M: { inner: { M: {} } } });
  });

  it("produces Lambda's record shape, with JSON-friendly values", () => {
    const record = toLambdaRecord(
      sdkRecord("MODIFY", {
        OldImage: { pk: { S: "a" }, n: { N: "1" } },
        NewImage: {
          pk: { S: "a" },
          bin: { B: new Uint8Array([1, 2, 3]) },
          bins: { BS: [new Uint8Array([255])] },
          nested: { M: { list: { L: [{ B: new Uint8Array([0]) }, { NULL: true }, { BOOL: false }] } } },
          sets: { SS: ["x"] },
          nums: { NS: ["1", "2"] },
        },
      }),
      source,
    );
    expect(record).toEqual({
      eventID: "e1",
      eventName: "MODIFY",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "eu-west-1",
      dynamodb: {
        ApproximateCreationDateTime: Date.parse("2026-01-02T03:04:00.000Z") / 1000,
        Keys: { pk: { S: "a" } },
        NewImage: {
          pk: { S: "a" },
          bin: { B: "AQID" },
          bins: { BS: ["/w=="] },
          nested: { M: { list: { L: [{ B: "AA==" }, { NULL: true }, { BOOL: false }] } } },
          sets: { SS: ["x"] },
          nums: { NS: ["1", "2"] },
        },
        OldImage: { pk: { S: "a" }, n: { N: "1" } },
        SequenceNumber: "000000000000000000007",
        SizeBytes: 42,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
      eventSourceARN: source.streamArn,
    });
    expect(record).not.toHaveProperty("userIdentity");
  });

  it("omits the images a record does not carry", () => {
    const record = toLambdaRecord(sdkRecord("INSERT", { NewImage: { pk: { S: "a" } } }), source);
    expect(Object.keys(record.dynamodb!)).not.toContain("OldImage");
    expect(record).not.toHaveProperty("userIdentity");
  });

  it("turns DynamoDB Local's own TTL deletions into service REMOVE records, as AWS writes them", () => {
    const record = toLambdaRecord(
      sdkRecord("UNKNOWN_TO_SDK_VERSION", { OldImage: { pk: { S: "a" } } }),
      source,
    );
    expect(record.eventName).toBe("REMOVE");
    expect(record.userIdentity).toEqual(TTL_USER_IDENTITY);
  });
});
