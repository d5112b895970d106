import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { marshall } from "@aws-sdk/util-dynamodb";
import { client, ENTITY_ATTRIBUTE } from "@bourse/core/dynamo";
import { NotFoundError } from "@bourse/core/error";
import * as Comment from "@bourse/core/social/comment";
import * as Follow from "@bourse/core/social/follow";
import * as Like from "@bourse/core/social/like";
import * as Post from "@bourse/core/social/post";
import { as, counters, groundTruth, type Member, member, post } from "@bourse/core/social/testing";
import type { AttributeValue, Context, DynamoDBRecord } from "aws-lambda";
import { Resource } from "sst";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { matches } from "../../../../stacks/local/streams/filter";
import { toLambdaRecord } from "../../../../stacks/local/streams/records";
import { listShards } from "../../../../stacks/local/streams/shards";
import { platformIdle } from "../../../../stacks/local/testing/global-setup";
import { subscribers } from "../../../../stacks/topology";
import { handler } from "./counters";

const subscriber = subscribers.find((s) => s.name === "SocialCounters")!;

const context = {
  awsRequestId: "test",
  functionName: "SocialCounters",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

/** A deterministic generator, so a failure can be replayed with the same actions. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every record of the table's stream so far, as Lambda would hand them to the counter subscriber. */
async function streamRecords(): Promise<DynamoDBRecord[]> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: Resource.Table.name }));
  const streamArn = Table!.LatestStreamArn!;
  const streams = new DynamoDBStreamsClient({ endpoint });
  const records: DynamoDBRecord[] = [];
  for (const shard of await listShards(streams, streamArn)) {
    let iterator = (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.shardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      )
    ).ShardIterator;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const batch = page.Records ?? [];
      records.push(...batch.map((r) => toLambdaRecord(r, { region: "us-east-1", streamArn })));
      if (batch.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return records.filter((r) => matches(r, subscriber.filters));
}

/** A record of `entity` written by hand (new event id), as the stream would carry it. */
function record(
  eventName: "INSERT" | "REMOVE",
  entity: string,
  item: Record<string, unknown>,
): DynamoDBRecord {
  const image = marshall({ ...item, [ENTITY_ATTRIBUTE]: entity }) as unknown as Record<
    string,
    AttributeValue
  >;
  return {
    eventID: ulid(),
    eventName,
    dynamodb: {
      SequenceNumber: `9${Date.now()}${Math.floor(Math.random() * 1e6)}`,
      ...(eventName === "INSERT" ? { NewImage: image } : { OldImage: image }),
    },
  };
}

async function deliverTwiceAtOnce(batch: DynamoDBRecord[]) {
  // The same batch twice, concurrently: as a retried invocation racing a slow first one.
  const results = await Promise.all([
    handler({ Records: batch }, context),
    handler({ Records: batch }, context),
  ]);
  for (const result of results) expect(result.batchItemFailures).toEqual([]);
}

describe("social counters", () => {
  it("end exact under 200 concurrent likes, unlikes, follows and unfollows, and under replayed batches", async () => {
    const people: Member[] = [];
    for (let i = 0; i < 12; i++) people.push(await member(`P${i}`));
    const postIDs: string[] = [];
    for (const author of people.slice(0, 4)) postIDs.push((await post(author, "counted")).id);
    const userIDs = people.map((p) => p.id);

    const next = random(20_261_121);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)] as T;
    const actions: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < 200; i++) {
      const who = pick(people);
      const kind = pick(["like", "unlike", "follow", "unfollow"] as const);
      if (kind === "like" || kind === "unlike") {
        const postID = pick(postIDs);
        actions.push(() => as(who, () => (kind === "like" ? Like.like(postID) : Like.unlike(postID))));
      } else {
        let other = pick(people);
        while (other.id === who.id) other = pick(people);
        actions.push(() =>
          as(who, () => (kind === "follow" ? Follow.follow(other.handle) : Follow.unfollow(other.handle))),
        );
      }
    }
    // A few comments too, some deleted again, racing the rest.
    for (let i = 0; i < 20; i++) {
      const who = pick(people);
      const postID = pick(postIDs);
      const drop = i % 3 === 0;
      actions.push(() =>
        as(who, async () => {
          const comment = await Comment.create(postID, { text: `comment ${i}` });
          if (drop) await Comment.remove(postID, comment.id);
        }),
      );
    }
    await Promise.all(actions.map((run) => run()));
    await platformIdle();

    const truth = await groundTruth(postIDs, userIDs);
    expect(await counters(postIDs, userIDs)).toEqual(truth);
    // The actions did something worth counting.
    expect(Object.values(truth.posts).some((p) => p.likes > 0)).toBe(true);
    expect(Object.values(truth.users).some((u) => u.followers > 0)).toBe(true);

    // Replay: every batch the subscriber got for these items, delivered again, twice at once.
    const ours = new Set([...postIDs, ...userIDs]);
    const records = (await streamRecords()).filter((r) => {
      const image = r.dynamodb?.NewImage ?? r.dynamodb?.OldImage ?? {};
      return ["postID", "authorID", "followerID", "followeeID"].some((k) => ours.has(image[k]?.S ?? ""));
    });
    expect(records.length).toBeGreaterThan(200 / 4);
    for (let i = 0; i < records.length; i += subscriber.batchSize)
      await deliverTwiceAtOnce(records.slice(i, i + subscriber.batchSize));
    await platformIdle();
    expect(await counters(postIDs, userIDs)).toEqual(truth);

    // A batch mixing new records with replayed ones: the new ones count once, however often delivered;
    // a record for a post that does not exist changes nothing and creates nothing.
    const [target] = postIDs as [string];
    const ghost = { postID: target, userID: ulid(), postAuthorID: people[0]!.id, createdAt: Date.now() };
    const missing = { postID: ulid(), userID: ulid(), postAuthorID: people[0]!.id, createdAt: Date.now() };
    const inserted = [
      ...records.slice(0, 30),
      record("INSERT", "like", ghost),
      record("INSERT", "like", missing),
    ];
    await deliverTwiceAtOnce(inserted);
    await deliverTwiceAtOnce(inserted);
    const bumped = await counters(postIDs, userIDs);
    expect(bumped.posts[target]!.likes).toBe(truth.posts[target]!.likes + 1);
    await expect(Post.get(missing.postID)).rejects.toBeInstanceOf(NotFoundError);

    const removed = [record("REMOVE", "like", ghost), ...records.slice(30, 60)];
    await deliverTwiceAtOnce(removed);
    await deliverTwiceAtOnce(removed);
    expect(await counters(postIDs, userIDs)).toEqual(truth);
    // 200 concurrent writes and four replays: ~10 s on an idle machine, over 30 s once under a loaded suite.
  }, 120_000);
});
