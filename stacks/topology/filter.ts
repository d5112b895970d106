/** Lambda event filters over DynamoDB stream records, as plain data. */
import { ENTITY_ATTRIBUTE } from "../../packages/core/src/dynamo/attributes";

export { ENTITY_ATTRIBUTE };

/** A Lambda event filter pattern (the `Pattern` of a FilterCriteria filter, as an object). */
export type FilterPattern = { [key: string]: FilterPattern | FilterRule[] };
export type FilterRule =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { suffix: string }
  | { "equals-ignore-case": string }
  | { "anything-but": string | number | (string | number)[] | { prefix: string } }
  | { numeric: (string | number)[] }
  | { exists: boolean };

/**
 * Records of `entity` (or of any of several, in the same two patterns at most: Lambda allows five per
 * subscriber) for the given event names, by the image that carries the entity name.
 */
export function entityFilter(
  entity: string | string[],
  events: ("INSERT" | "MODIFY" | "REMOVE")[],
): FilterPattern[] {
  const entities = typeof entity === "string" ? [entity] : entity;
  const withNew = events.filter((e) => e !== "REMOVE");
  const patterns: FilterPattern[] = [];
  if (withNew.length)
    patterns.push({ eventName: withNew, dynamodb: { NewImage: { [ENTITY_ATTRIBUTE]: { S: entities } } } });
  if (events.includes("REMOVE"))
    patterns.push({ eventName: ["REMOVE"], dynamodb: { OldImage: { [ENTITY_ATTRIBUTE]: { S: entities } } } });
  return patterns;
}
