/** Converts DynamoDB Streams API records (SDK v3 shape) into the records Lambda hands to handlers. */
import type { _Record, AttributeValue as SdkAttributeValue } from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue, DynamoDBRecord, StreamRecord } from "aws-lambda";

type Image = Record<string, SdkAttributeValue> | undefined;

export interface RecordSource {
  region: string;
  streamArn: string;
}

/** What AWS puts on REMOVE records written by TTL expiry. */
export const TTL_USER_IDENTITY = { type: "Service", principalId: "dynamodb.amazonaws.com" } as const;

export function toLambdaRecord(record: _Record, source: RecordSource): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const known =
    record.eventName === "INSERT" || record.eventName === "MODIFY" || record.eventName === "REMOVE";
  const dynamodb: StreamRecord = {};
  if (stream.ApproximateCreationDateTime)
    dynamodb.ApproximateCreationDateTime = Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000);
  if (stream.Keys) dynamodb.Keys = toLambdaImage(stream.Keys);
  if (stream.NewImage) dynamodb.NewImage = toLambdaImage(stream.NewImage);
  if (stream.OldImage) dynamodb.OldImage = toLambdaImage(stream.OldImage);
  dynamodb.SequenceNumber = stream.SequenceNumber;
  dynamodb.SizeBytes = stream.SizeBytes;
  dynamodb.StreamViewType = stream.StreamViewType as StreamRecord["StreamViewType"];
  return {
    eventID: record.eventID,
    // DynamoDB Local (3.x) expires TTL items itself but names those deletions "UNKNOWN_TO_SDK_VERSION";
    // they are the only records with an unknown name, so they become what AWS emits for TTL: a REMOVE by
    // the DynamoDB service.
    eventName: known ? (record.eventName as DynamoDBRecord["eventName"]) : "REMOVE",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    // DynamoDB Local reports "ddblocal" here; Lambda reports the function's region.
    awsRegion: source.region,
    dynamodb,
    eventSourceARN: source.streamArn,
    ...(known ? {} : { userIdentity: { ...TTL_USER_IDENTITY } }),
  };
}

function toLambdaImage(image: NonNullable<Image>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

/** Lambda events are JSON, so binary values travel base64-encoded where the SDK holds bytes. */
function toLambdaValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  // An empty map comes back from the streams SDK as a bare `{}` (its union has no member set).
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Unknown attribute value ${JSON.stringify(value)}`);
}
