import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import * as Feed from "@bourse/core/feed";
import { deletePost, follow, promote, quickPost } from "@bourse/core/feed/testing";
import * as Post from "@bourse/core/social/post";
import { member } from "@bourse/core/social/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./feed-fanout";

const context = {
  awsRequestId: "test",
  functionName: "FeedFanout",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let sequence = 0;
function record(eventName: "INSERT" | "REMOVE", item: Record<string, unknown>): DynamoDBRecord {
  const image = marshall(
    { ...item, [ENTITY_ATTRIBUTE]: "post" },
    { removeUndefinedValues: true },
  ) as unknown as Record<string, AttributeValue>;
  return {
    eventID: ulid(),
    eventName,
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      ...(eventName === "INSERT" ? { NewImage: image } : { OldImage: image }),
    },
  };
}

async function settle() {
  await platformIdle();
  await platformIdle();
}

it("writes a post into each follower's feed once, however often its records are delivered", async () => {
  const [author, star, ...fans] = await Promise.all([
    member("A"),
    member("Star"),
    member(),
    member(),
    member(),
  ]);
  await promote(star.id);
  for (const fan of fans) {
    await follow(fan.id, author.id);
    await follow(fan.id, star.id);
  }
  const p = await quickPost(author.id);
  const s = await quickPost(star.id);
  await settle();
  const item = (await Post.getItem(p.postID))!;
  const starItem = (await Post.getItem(s.postID))!;
  const feeds = async () => Promise.all([author, star, ...fans].map((u) => Feed.materialized(u.id)));
  const once = await feeds();
  expect(once.map((f) => f.map((i) => i.postID))).toEqual([
    [p.postID],
    [s.postID],
    ...fans.map(() => [p.postID]),
  ]);

  // The platform already delivered both; deliver them again, twice at once, as a retried batch racing.
  const batch = { Records: [record("INSERT", item), record("INSERT", starItem)] };
  const results = await Promise.all([handler(batch, context), handler(batch, context)]);
  for (const r of results) expect(r.batchItemFailures).toEqual([]);
  expect(await feeds()).toEqual(once);

  // A REMOVE, replayed: the post leaves every feed, and the second delivery finds nothing to do.
  await deletePost(p.postID);
  await settle();
  const removal = { Records: [record("REMOVE", item)] };
  for (const r of await Promise.all([handler(removal, context), handler(removal, context)]))
    expect(r.batchItemFailures).toEqual([]);
  expect((await feeds()).map((f) => f.map((i) => i.postID))).toEqual([[], [s.postID], ...fans.map(() => [])]);
});
