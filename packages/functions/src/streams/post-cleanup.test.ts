import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { marshall } from "@aws-sdk/util-dynamodb";
import { ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import { NotFoundError } from "@bourse/core/error";
import * as Comment from "@bourse/core/social/comment";
import * as Like from "@bourse/core/social/like";
import * as Notification from "@bourse/core/social/notification";
import * as Post from "@bourse/core/social/post";
import { as, counters, groundTruth, member, post } from "@bourse/core/social/testing";
import { client as s3 } from "@bourse/core/storage";
import type { AttributeValue, Context } from "aws-lambda";
import { Resource } from "sst";
import { ulid } from "ulid";
import { expect, it } from "vitest";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { handler } from "./post-cleanup";

/** Whether the media bucket still holds an object under `key`. */
async function stored(key: string): Promise<boolean> {
  return s3.send(new HeadObjectCommand({ Bucket: Resource.Media.name, Key: key })).then(
    () => true,
    (error: { $metadata?: { httpStatusCode?: number } }) => {
      if (error.$metadata?.httpStatusCode === 404) return false;
      throw error;
    },
  );
}

const context = {
  awsRequestId: "test",
  functionName: "PostCleanup",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

it("cleans up after a deleted post, and a replayed REMOVE finds nothing left and fails nothing", async () => {
  const [owner, fan] = await Promise.all([member("Owner"), member("Fan")]);
  const p = await post(owner);
  await as(fan, () => Like.like(p.id));
  await as(fan, () => Comment.create(p.id, { text: "bye" }));
  await platformIdle();
  const item = await Post.getItem(p.id);
  expect(item).toBeDefined();
  expect((await counters([p.id], [])).posts[p.id]).toEqual({ likes: 1, comments: 1 });
  expect((await groundTruth([p.id], [])).posts[p.id]).toEqual({ likes: 1, comments: 1 });
  expect(item?.imageKey && (await stored(item.imageKey))).toBe(true);

  await as(owner, () => Post.remove(p.id));
  await platformIdle();
  expect((await as(owner, () => Notification.list())).items).toEqual([]);

  const remove = {
    eventID: ulid(),
    eventName: "REMOVE" as const,
    dynamodb: {
      SequenceNumber: "1".padStart(21, "0"),
      OldImage: marshall({ ...item, [ENTITY_ATTRIBUTE]: "post" }) as unknown as Record<
        string,
        AttributeValue
      >,
    },
  };
  const results = await Promise.all([
    handler({ Records: [remove] }, context),
    handler({ Records: [remove] }, context),
  ]);
  for (const r of results) expect(r.batchItemFailures).toEqual([]);
  await expect(Post.get(p.id)).rejects.toBeInstanceOf(NotFoundError);
  // What the post left behind is gone from storage itself (the 404s above only say the post is gone).
  expect((await groundTruth([p.id], [])).posts[p.id]).toEqual({ likes: 0, comments: 0 });
  expect(await stored(item?.imageKey ?? "")).toBe(false);
  expect(await as(owner, () => Notification.unreadCount())).toBe(0);
});
