import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { ENTITY_ATTRIBUTE, entityFilter, type FilterPattern, subscribers } from "../../topology";
import { matches } from "./filter";

type Image = NonNullable<NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"]>;

const item = (entity: string | undefined, extra: Image = {}): Image => ({
  pk: { S: `${entity}#1` },
  sk: { S: "#" },
  ...(entity ? { [ENTITY_ATTRIBUTE]: { S: entity } } : {}),
  ...extra,
});

/** A record as Lambda delivers it: INSERT has a new image, REMOVE an old one, MODIFY both. */
function record(eventName: "INSERT" | "MODIFY" | "REMOVE", image: Image): DynamoDBRecord {
  return {
    eventID: "1",
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      Keys: { pk: image.pk!, sk: image.sk! },
      ...(eventName !== "REMOVE" ? { NewImage: image } : {}),
      ...(eventName !== "INSERT" ? { OldImage: image } : {}),
      SequenceNumber: "100",
      SizeBytes: 10,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
    eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/Table/stream/x",
  };
}

const one = (pattern: FilterPattern) => (value: unknown) => matches(value, [pattern]);

describe("rules", () => {
  it("matches exact strings, numbers, booleans and null by type and value", () => {
    expect(one({ a: ["x"] })({ a: "x" })).toBe(true);
    expect(one({ a: ["x"] })({ a: "X" })).toBe(false);
    expect(one({ a: [5] })({ a: 5 })).toBe(true);
    expect(one({ a: [5] })({ a: "5" })).toBe(false);
    expect(one({ a: [true] })({ a: true })).toBe(true);
    expect(one({ a: [true] })({ a: "true" })).toBe(false);
    expect(one({ a: [null] })({ a: null })).toBe(true);
    expect(one({ a: [null] })({})).toBe(false);
  });

  it("matches prefix, suffix and equals-ignore-case on strings only", () => {
    expect(one({ a: [{ prefix: "ord" }] })({ a: "order#1" })).toBe(true);
    expect(one({ a: [{ prefix: "ord" }] })({ a: "word" })).toBe(false);
    expect(one({ a: [{ suffix: ".png" }] })({ a: "me.png" })).toBe(true);
    expect(one({ a: [{ suffix: ".png" }] })({ a: "me.jpg" })).toBe(false);
    expect(one({ a: [{ "equals-ignore-case": "ReMoVe" }] })({ a: "remove" })).toBe(true);
    expect(one({ a: [{ "equals-ignore-case": "remove" }] })({ a: "removed" })).toBe(false);
    expect(one({ a: [{ prefix: "1" }] })({ a: 12 })).toBe(false);
  });

  it("matches anything-but a value, a list or a prefix, and never a missing field", () => {
    expect(one({ a: [{ "anything-but": "x" }] })({ a: "y" })).toBe(true);
    expect(one({ a: [{ "anything-but": "x" }] })({ a: "x" })).toBe(false);
    expect(one({ a: [{ "anything-but": 3 }] })({ a: 4 })).toBe(true);
    expect(one({ a: [{ "anything-but": 3 }] })({ a: 3 })).toBe(false);
    expect(one({ a: [{ "anything-but": ["x", "y"] }] })({ a: "z" })).toBe(true);
    expect(one({ a: [{ "anything-but": ["x", "y"] }] })({ a: "y" })).toBe(false);
    expect(one({ a: [{ "anything-but": { prefix: "tmp/" } }] })({ a: "img/1" })).toBe(true);
    expect(one({ a: [{ "anything-but": { prefix: "tmp/" } }] })({ a: "tmp/1" })).toBe(false);
    expect(one({ a: [{ "anything-but": "x" }] })({})).toBe(false);
  });

  it("matches numeric comparisons on numbers only", () => {
    const range = one({ a: [{ numeric: [">", 0, "<=", 5] }] });
    expect(range({ a: 0 })).toBe(false);
    expect(range({ a: 0.5 })).toBe(true);
    expect(range({ a: 5 })).toBe(true);
    expect(range({ a: 5.01 })).toBe(false);
    expect(range({ a: "3" })).toBe(false);
    expect(one({ a: [{ numeric: ["=", 7] }] })({ a: 7 })).toBe(true);
    expect(one({ a: [{ numeric: [">=", 7, "<", 8] }] })({ a: 8 })).toBe(false);
    expect(() => one({ a: [{ numeric: [">"] }] })({ a: 1 })).toThrow(/numeric/);
    expect(() => one({ a: [{ numeric: ["~", 1] }] })({ a: 1 })).toThrow(/numeric/);
  });

  it("matches exists on leaf values: an object is not a leaf", () => {
    const present = one({ a: [{ exists: true }] });
    const absent = one({ a: [{ exists: false }] });
    expect(present({ a: "x" })).toBe(true);
    expect(present({ a: null })).toBe(true);
    expect(present({})).toBe(false);
    expect(present({ a: { b: 1 } })).toBe(false);
    expect(absent({})).toBe(true);
    expect(absent({ a: 0 })).toBe(false);
    expect(one({ a: { b: [{ exists: false }] } })({})).toBe(true);
  });

  it("matches arrays in the record when any element matches", () => {
    expect(one({ tags: ["b"] })({ tags: ["a", "b"] })).toBe(true);
    expect(one({ tags: ["c"] })({ tags: ["a", "b"] })).toBe(false);
    expect(one({ tags: [{ "anything-but": "a" }] })({ tags: ["a", "b"] })).toBe(true);
    expect(one({ tags: [{ "anything-but": "a" }] })({ tags: ["a"] })).toBe(false);
    expect(one({ tags: [{ exists: true }] })({ tags: [] })).toBe(false);
    // The fields of a nested pattern must match within one element of an array of objects.
    const sameElement = one({ lines: { sku: ["x"], qty: [2] } });
    expect(sameElement({ lines: [{ sku: "x", qty: 2 }] })).toBe(true);
    expect(
      sameElement({
        lines: [
          { sku: "x", qty: 1 },
          { sku: "y", qty: 2 },
        ],
      }),
    ).toBe(false);
  });
});

describe("patterns", () => {
  it("requires every key (AND) and any rule of a key (OR)", () => {
    const pattern = one({ kind: ["a", "b"], size: [{ numeric: [">", 1] }] });
    expect(pattern({ kind: "b", size: 2 })).toBe(true);
    expect(pattern({ kind: "c", size: 2 })).toBe(false);
    expect(pattern({ kind: "a", size: 1 })).toBe(false);
    expect(pattern({ kind: "a" })).toBe(false);
  });

  it("matches a record when any pattern matches, and every record when there are none", () => {
    const patterns: FilterPattern[] = [{ kind: ["a"] }, { size: [2] }];
    expect(matches({ kind: "a", size: 1 }, patterns)).toBe(true);
    expect(matches({ kind: "b", size: 2 }, patterns)).toBe(true);
    expect(matches({ kind: "b", size: 1 }, patterns)).toBe(false);
    expect(matches({ anything: 1 }, [])).toBe(true);
  });

  it("matches nested DynamoDB JSON in stream records", () => {
    const inserted = record("INSERT", item("post", { likes: { N: "3" } }));
    expect(matches(inserted, [{ dynamodb: { NewImage: { likes: { N: ["3"] } } } }])).toBe(true);
    // DynamoDB numbers are JSON strings, so numeric rules do not apply to them (as on Lambda).
    expect(matches(inserted, [{ dynamodb: { NewImage: { likes: { N: [{ numeric: [">", 1] }] } } } }])).toBe(
      false,
    );
  });

  it("selects REMOVE records by their old image", () => {
    const likes = entityFilter("like", ["INSERT", "REMOVE"]);
    expect(matches(record("REMOVE", item("like")), likes)).toBe(true);
    expect(matches(record("INSERT", item("like")), likes)).toBe(true);
    expect(matches(record("MODIFY", item("like")), likes)).toBe(false);
    expect(matches(record("REMOVE", item("post")), likes)).toBe(false);
  });
});

describe("the topology's filters", () => {
  const subscriber = (name: string) => subscribers.find((s) => s.name === name)!;

  it("send the mailer inserted emails only", () => {
    const { filters } = subscriber("Mailer");
    expect(matches(record("INSERT", item("email")), filters)).toBe(true);
    expect(matches(record("MODIFY", item("email")), filters)).toBe(false);
    expect(matches(record("REMOVE", item("email")), filters)).toBe(false);
    expect(matches(record("INSERT", item("post")), filters)).toBe(false);
  });

  it("send the activity meter product writes, never bookkeeping or deletions", () => {
    const { filters } = subscriber("ActivityMeter");
    expect(matches(record("INSERT", item("post")), filters)).toBe(true);
    expect(matches(record("MODIFY", item("post")), filters)).toBe(true);
    expect(matches(record("INSERT", item("email")), filters)).toBe(true);
    expect(matches(record("REMOVE", item("post")), filters)).toBe(false);
    expect(matches(record("INSERT", item("metricCount")), filters)).toBe(false);
    expect(matches(record("MODIFY", item("metricSnapshot")), filters)).toBe(false);
    expect(matches(record("INSERT", item("streamFailure")), filters)).toBe(false);
    // anything-but needs the field: items that are not ElectroDB entities do not count.
    expect(matches(record("INSERT", item(undefined)), filters)).toBe(false);
  });
});
