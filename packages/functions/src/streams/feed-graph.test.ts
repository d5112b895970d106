import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import * as Feed from "@bourse/core/feed";
import { follow, quickPost, stateOf, unfollow } from "@bourse/core/feed/testing";
import { member } from "@bourse/core/social/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./feed-graph";

const context = {
  awsRequestId: "test",
  functionName: "FeedGraph",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let sequence = 0;
function record(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  entity: string,
  images: { old?: Record<string, unknown>; new?: Record<string, unknown> },
): DynamoDBRecord {
  const image = (item?: Record<string, unknown>) =>
    item && (marshall({ ...item, [ENTITY_ATTRIBUTE]: entity }) as unknown as Record<string, AttributeValue>);
  return {
    eventID: ulid(),
    eventName,
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      ...(images.new ? { NewImage: image(images.new) } : {}),
      ...(images.old ? { OldImage: image(images.old) } : {}),
    },
  };
}

async function settle() {
  await platformIdle();
  await platformIdle();
}

it("applies follows, unfollows and threshold crossings once, however often they are delivered", async () => {
  const [author, fan] = await Promise.all([member("A"), member("Fan")]);
  const posts = [await quickPost(author.id), await quickPost(author.id)];
  await follow(fan.id, author.id);
  await settle();
  const backfilled = (await Feed.materialized(fan.id)).map((i) => i.postID);
  expect(backfilled).toEqual(posts.map((p) => p.postID).reverse());

  const edge = { followerID: fan.id, followeeID: author.id, createdAt: Date.now() };
  const threshold = Feed.celebrityThreshold();
  const up = record("MODIFY", "user", {
    old: { userID: author.id, followersCount: threshold - 1 },
    new: { userID: author.id, followersCount: threshold },
  });
  const down = record("MODIFY", "user", {
    old: { userID: author.id, followersCount: threshold },
    new: { userID: author.id, followersCount: threshold - 1 },
  });
  const deliverTwice = async (batch: DynamoDBRecord[]) => {
    const results = await Promise.all([
      handler({ Records: batch }, context),
      handler({ Records: batch }, context),
    ]);
    for (const r of results) expect(r.batchItemFailures).toEqual([]);
  };

  await deliverTwice([record("INSERT", "follow", { new: edge }), up]);
  expect((await stateOf(fan.id))?.celebrities).toEqual([author.id]);
  expect((await Feed.materialized(fan.id)).map((i) => i.postID)).toEqual(backfilled);
  await deliverTwice([down]);
  expect((await stateOf(fan.id))?.celebrities).toBeUndefined();
  expect((await Feed.materialized(fan.id)).map((i) => i.postID)).toEqual(backfilled);

  // A record that changes nothing the feed cares about (a touch of lastActiveAt) is a no-op.
  await deliverTwice([
    record("MODIFY", "user", {
      old: { userID: author.id, followersCount: 1, lastActiveAt: 1 },
      new: { userID: author.id, followersCount: 1, lastActiveAt: 2 },
    }),
  ]);
  expect((await stateOf(fan.id))?.celebrities).toBeUndefined();

  await unfollow(fan.id, author.id);
  await settle();
  await deliverTwice([record("REMOVE", "follow", { old: edge })]);
  expect(await Feed.materialized(fan.id)).toEqual([]);
});
