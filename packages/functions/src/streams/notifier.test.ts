import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import * as Comment from "@bourse/core/social/comment";
import * as Like from "@bourse/core/social/like";
import * as Notification from "@bourse/core/social/notification";
import { as, member, post } from "@bourse/core/social/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./notifier";

const context = {
  awsRequestId: "test",
  functionName: "Notifier",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let sequence = 0;
function insert(entity: string, item: Record<string, unknown>): DynamoDBRecord {
  return {
    eventID: ulid(),
    eventName: "INSERT",
    dynamodb: {
      SequenceNumber: String(++sequence).padStart(21, "0"),
      NewImage: marshall({ ...item, [ENTITY_ATTRIBUTE]: entity }) as unknown as Record<
        string,
        AttributeValue
      >,
    },
  };
}

it("counts each actor of a group once, under replays and concurrent invocations", async () => {
  const [owner, fan, talker] = await Promise.all([member("Owner"), member("Fan"), member("Talker")]);
  const p = await post(owner);
  await as(fan, () => Like.like(p.id));
  const said = await as(talker, () => Comment.create(p.id, { text: "nice" }));
  await platformIdle();

  // The records the platform already delivered, again, twice at once.
  const like = { postID: p.id, userID: fan.id, postAuthorID: owner.id, createdAt: Date.now() };
  const comment = {
    postID: p.id,
    commentID: said.id,
    authorID: talker.id,
    postAuthorID: owner.id,
    text: "nice",
    createdAt: said.createdAt,
  };
  const replay = { Records: [insert("like", like), insert("comment", comment)] };
  const results = await Promise.all([handler(replay, context), handler(replay, context)]);
  for (const r of results) expect(r.batchItemFailures).toEqual([]);

  // Twenty more people liking at the same moment, each in its own invocation: the group's optimistic
  // version makes them retry, none is lost or counted twice.
  const crowd = Array.from({ length: 20 }, () => ulid());
  const crowdRecords = crowd.map((userID) => insert("like", { ...like, userID }));
  const crowdResults = await Promise.all(
    [...crowdRecords, ...crowdRecords].map((r) => handler({ Records: [r] }, context)),
  );
  for (const r of crowdResults) expect(r.batchItemFailures).toEqual([]);

  const { items, unread } = await as(owner, () => Notification.list());
  expect(unread).toBe(2);
  const byType = Object.fromEntries(items.map((n) => [n.type, n]));
  expect(byType.like).toMatchObject({ actorCount: 21 });
  expect(byType.like?.actors).toHaveLength(3);
  expect(byType.comment).toMatchObject({ actorCount: 1, text: "nice" });
});
