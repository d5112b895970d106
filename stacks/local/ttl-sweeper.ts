/**
 * Deletes expired items the way DynamoDB's TTL does. DynamoDB Local 3.x has a TTL job of its own, but it
 * runs on its own schedule and mislabels its stream records (see streams/records.ts); the sweeper makes
 * expiry prompt and on demand. Each deletion writes a REMOVE stream record carrying the old image, like TTL on AWS. AWS also
 * marks those records with `userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" }`;
 * a client's DeleteItem cannot, so these records look like ordinary deletes.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";

export interface TtlSweeperOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  /** The TTL attribute: a Number of epoch seconds. */
  attribute: string;
  intervalMs: number;
  /** Epoch milliseconds; injectable so tests can move time. */
  now?: () => number;
  log?: (msg: string, data?: object) => void;
}

export interface TtlSweeper {
  /** Deletes every item expired now; resolves to how many this sweep deleted. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/** AWS leaves alone items whose TTL lies more than five years in the past. */
const MAX_AGE_SECONDS = 5 * 365 * 24 * 3600;

export function startTtlSweeper(o: TtlSweeperOptions): TtlSweeper {
  const now = o.now ?? Date.now;
  const log = o.log ?? ((msg, data) => console.error(JSON.stringify({ msg, ...data })));
  let keyNames: string[] | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let pending = 0;

  async function sweepOnce(): Promise<number> {
    keyNames ??= await primaryKey(o.dynamo, o.tableName);
    const nowSeconds = Math.floor(now() / 1000);
    const names = { "#ttl": o.attribute, ...Object.fromEntries(keyNames.map((k, i) => [`#k${i}`, k])) };
    const expired = { ":now": { N: String(nowSeconds) } };
    let deleted = 0;
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await o.dynamo.send(
        new ScanCommand({
          TableName: o.tableName,
          ProjectionExpression: Object.keys(names).join(", "),
          // A Number comparison: items whose attribute is missing or not a Number never expire.
          FilterExpression: "#ttl < :now AND #ttl >= :oldest",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...expired, ":oldest": { N: String(nowSeconds - MAX_AGE_SECONDS) } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const key = Object.fromEntries(keyNames.map((k) => [k, item[k]!]));
        try {
          await o.dynamo.send(
            new DeleteItemCommand({
              TableName: o.tableName,
              Key: key,
              // An item refreshed (or already deleted) since the scan must survive.
              ConditionExpression: "#ttl < :now",
              ExpressionAttributeNames: { "#ttl": o.attribute },
              ExpressionAttributeValues: expired,
            }),
          );
          deleted++;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }

  /** Sweeps run one at a time, and each call gets a sweep that starts after it was made. */
  function sweep(): Promise<number> {
    pending++;
    const run = queue.then(sweepOnce).finally(() => pending--);
    queue = run.catch(() => undefined);
    return run;
  }

  const timer = setInterval(() => {
    if (pending > 0) return;
    sweep().catch((error) => log("ttl sweep failed", { table: o.tableName, error: String(error) }));
  }, o.intervalMs);

  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await queue;
    },
  };
}

async function primaryKey(dynamo: DynamoDBClient, tableName: string): Promise<string[]> {
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
  const names = Table?.KeySchema?.flatMap((k) => (k.AttributeName ? [k.AttributeName] : [])) ?? [];
  if (names.length === 0) throw new Error(`Table ${tableName} has no key schema`);
  return names;
}
