/**
 * A throwaway in-memory DynamoDB Local with SDK clients for it, for the integration tests of the
 * platform's own pieces (stream runner, TTL sweeper).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll } from "vitest";
import { table } from "../../topology";
import { ensureTable, startDynamoLocal } from "../dynamo";
import { CREDENTIALS, REGION } from "../env";

export { REGION };

export interface TestDynamo {
  endpoint: string;
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  stop(): Promise<void>;
}

export async function startTestDynamo(): Promise<TestDynamo> {
  const local = await startDynamoLocal({ inMemory: true });
  const config = { endpoint: local.endpoint, region: REGION, credentials: CREDENTIALS };
  const dynamo = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  return {
    endpoint: local.endpoint,
    dynamo,
    streams,
    async stop() {
      dynamo.destroy();
      streams.destroy();
      await local.stop();
    },
  };
}

/** The real client, with `before` run ahead of each command it sends: to count, race or fail requests. */
export function intercept<C extends DynamoDBClient | DynamoDBStreamsClient>(
  client: C,
  before: (command: unknown) => Promise<void> | void,
): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: unknown, options?: unknown) => {
        await before(command);
        return (target.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
      };
    },
  });
}

/**
 * One DynamoDB Local for a test file (started before its tests, stopped after them), and `newTable()`: a
 * fresh copy of the topology's table per test, so that every stream starts empty.
 */
export function useTestDynamo(prefix: string) {
  let tables = 0;
  const local = {
    db: undefined as unknown as TestDynamo,
    async newTable(): Promise<string> {
      const name = `${prefix}${++tables}`;
      await ensureTable(local.db.dynamo, table, name);
      return name;
    },
  };
  beforeAll(async () => {
    local.db = await startTestDynamo();
  }, 60_000);
  afterAll(async () => {
    await local.db?.stop();
  });
  return local;
}
