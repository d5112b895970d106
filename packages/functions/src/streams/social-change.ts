import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Change } from "@bourse/core/dynamo";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import type { DynamoDBRecord } from "aws-lambda";

type Image = Record<string, AttributeValue> | undefined;

/** A stream record as the social context reads it: event, entity and unmarshalled images. */
export function changeOf(record: DynamoDBRecord): Change {
  const newImage = record.dynamodb?.NewImage as Image;
  const oldImage = record.dynamodb?.OldImage as Image;
  return {
    eventID: record.eventID ?? record.dynamodb?.SequenceNumber ?? "",
    eventName: record.eventName ?? "MODIFY",
    entity: (newImage ?? oldImage)?.[ENTITY_ATTRIBUTE]?.S ?? "",
    newImage: newImage && unmarshall(newImage),
    oldImage: oldImage && unmarshall(oldImage),
  };
}
