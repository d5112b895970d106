/** The shards of a stream and the order in which they may be read. */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";

export interface ShardInfo {
  shardId: string;
  parentShardId?: string;
}

export async function listShards(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  signal?: AbortSignal,
): Promise<ShardInfo[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const page = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      { abortSignal: signal },
    );
    shards.push(...(page.StreamDescription?.Shards ?? []));
    exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return shards.flatMap((s) => (s.ShardId ? [{ shardId: s.ShardId, parentShardId: s.ParentShardId }] : []));
}

/**
 * A child shard holds later writes to the same keys as its parent, so it is read only once the parent
 * is drained. A parent no longer listed has been trimmed (older than 24 h) and holds nothing to wait for.
 */
export function isReadable(shard: ShardInfo, listed: ReadonlySet<string>, drained: ReadonlySet<string>) {
  return !shard.parentShardId || !listed.has(shard.parentShardId) || drained.has(shard.parentShardId);
}
