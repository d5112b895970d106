/**
 * Table round trips and consumed capacity, for the benches: a middleware on a DynamoDB client asks every
 * data command for `ReturnConsumedCapacity: "TOTAL"`, counts the commands and sums the read and write
 * units it answers, so a bench can print both per operation and what they cost at on-demand prices.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/** DynamoDB on-demand, us-east-1 (since the November 2024 price cut), dollars per million request units. */
export const PRICE_PER_MILLION = { read: 0.125, write: 0.625 };

/** TamaFriends' published cost of one feed load, the reference design's figure. */
export const TAMAFRIENDS_FEED_LOAD_USD = 0.000025;

const DATA_COMMANDS = new Set([
  "GetItemCommand",
  "PutItemCommand",
  "UpdateItemCommand",
  "DeleteItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "BatchWriteItemCommand",
  "TransactGetItemsCommand",
  "TransactWriteItemsCommand",
]);

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface Usage {
  calls: Record<string, number>;
  /** Commands that threw, by command and error name (e.g. a cancelled transaction). */
  failed: Record<string, number>;
  read: number;
  write: number;
}

const READS = new Set([
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "TransactGetItemsCommand",
]);

/**
 * Starts metering `client`'s commands for which `counts()` holds when they are sent (e.g. those of the
 * bench's requests, not of the stream subscribers sharing the client); `take()` returns the usage since
 * the last take.
 */
export function meter(client: DynamoDBClient, counts: () => boolean = () => true) {
  let usage: Usage = { calls: {}, failed: {}, read: 0, write: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? "";
      if (!DATA_COMMANDS.has(command) || !counts()) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = "TOTAL";
      usage.calls[command] = (usage.calls[command] ?? 0) + 1;
      const result = await next(args).catch((error: unknown) => {
        const name = `${command.replace(/Command$/, "")} ${(error as Error)?.name ?? "error"}`;
        usage.failed[name] = (usage.failed[name] ?? 0) + 1;
        throw error;
      });
      const out = result.output as { ConsumedCapacity?: Consumed | Consumed[] };
      for (const c of [out.ConsumedCapacity ?? []].flat()) {
        // Reads report CapacityUnits only; writes too. A transaction's units are split by kind.
        const units = c.CapacityUnits ?? 0;
        if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
          usage.read += c.ReadCapacityUnits ?? 0;
          usage.write += c.WriteCapacityUnits ?? 0;
        } else if (READS.has(command)) usage.read += units;
        else usage.write += units;
      }
      return result;
    },
    { step: "initialize", name: `benchCapacity${Math.random()}` },
  );
  return {
    take(): Usage {
      const taken = usage;
      usage = { calls: {}, failed: {}, read: 0, write: 0 };
      return taken;
    },
  };
}

/** Several takes as one (a bench that meters alternating phases in rounds). */
export function sumUsage(usages: Usage[]): Usage {
  const sum: Usage = { calls: {}, failed: {}, read: 0, write: 0 };
  for (const u of usages) {
    for (const [k, n] of Object.entries(u.calls)) sum.calls[k] = (sum.calls[k] ?? 0) + n;
    for (const [k, n] of Object.entries(u.failed)) sum.failed[k] = (sum.failed[k] ?? 0) + n;
    sum.read += u.read;
    sum.write += u.write;
  }
  return sum;
}

/** One line: round trips, read and write units per operation, and dollars per million operations. */
export function perOperation(usage: Usage, operations: number): string {
  const trips = Object.values(usage.calls).reduce((a, b) => a + b, 0) / operations;
  const calls = Object.entries(usage.calls)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${(n / operations).toFixed(2)} ${name.replace(/Command$/, "")}`)
    .join(" + ");
  const read = usage.read / operations;
  const write = usage.write / operations;
  const dollars = read * PRICE_PER_MILLION.read + write * PRICE_PER_MILLION.write;
  return `${trips.toFixed(2)} round trips (${calls || "none"}), ${read.toFixed(2)} RRU + ${write.toFixed(2)} WRU = $${dollars.toFixed(3)} per million`;
}

/** Dollars per operation, for a comparison with a published per-request figure. */
export function dollarsPer(usage: Usage, operations: number): number {
  return (
    ((usage.read / operations) * PRICE_PER_MILLION.read +
      (usage.write / operations) * PRICE_PER_MILLION.write) /
    1e6
  );
}
