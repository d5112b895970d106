import { client, tableName } from "../../../packages/core/src/dynamo";
import { startTtlSweeper } from "../ttl-sweeper";

/** One pass of the platform's TTL sweeper over the table, on the real clock, as TTL would: only items already expired go. */
export async function sweepExpired(): Promise<void> {
  const sweeper = startTtlSweeper({
    dynamo: client,
    tableName,
    attribute: "expiresAt",
    intervalMs: 3_600_000,
    log: () => {},
  });
  try {
    await sweeper.sweep();
  } finally {
    await sweeper.stop();
  }
}
