/** The retry policy for unprocessed items, with a fake `send` (no storage involved: only the policy). */
import { describe, expect, it } from "vitest";
import { tableName } from ".";
import {
  getAll,
  getItems,
  pool,
  RETRY,
  type RetryPolicy,
  sleep,
  UnprocessedError,
  writeItems,
} from "./batch";

const instant: RetryPolicy = { ...RETRY, sleep: async () => {} };
const key = (id: string) => ({ pk: id, sk: "x" });

/** A BatchGet that leaves its last key unprocessed the first `stubborn` times it is asked for it. */
function flakyGets(stubborn: number) {
  let refusals = 0;
  const calls: number[] = [];
  const send = async (command: { input: unknown }) => {
    const keys = (command.input as { RequestItems: Record<string, { Keys: { pk: string }[] }> }).RequestItems[
      tableName
    ]!.Keys;
    calls.push(keys.length);
    const refuse = refusals < stubborn ? keys.slice(-1) : [];
    if (refuse.length) refusals++;
    const served = keys.slice(0, keys.length - refuse.length);
    return {
      Responses: { [tableName]: served.map((k) => ({ ...k, found: true })) },
      UnprocessedKeys: refuse.length ? { [tableName]: { Keys: refuse } } : {},
    };
  };
  return { send, calls };
}

describe("batch retry policy", () => {
  it("keeps asking for keys DynamoDB returns unprocessed several times, until every item is read", async () => {
    const { send, calls } = flakyGets(7);
    const found = await getItems([key("a"), key("b"), key("c")], { send, policy: instant });
    expect(found.map((i) => i.pk).sort()).toEqual(["a", "b", "c"]);
    expect(calls).toEqual([3, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("gives up with a typed error, never a silent partial answer", async () => {
    const { send } = flakyGets(Number.POSITIVE_INFINITY);
    const read = getItems([key("a"), key("b")], { send, policy: instant });
    await expect(read).rejects.toBeInstanceOf(UnprocessedError);
    await expect(read).rejects.toMatchObject({ left: 1 });
  });

  it("applies the same policy to ElectroDB batches (a user left unprocessed 6 times is still found)", async () => {
    let refusals = 0;
    const users = await getAll(
      [{ userID: "u1" }, { userID: "u2" }],
      async (keys) => {
        const refuse = refusals++ < 6 ? keys.filter((k) => k.userID === "u2") : [];
        return { data: keys.filter((k) => !refuse.includes(k)), unprocessed: refuse };
      },
      instant,
    );
    expect(users.map((u) => u.userID).sort()).toEqual(["u1", "u2"]);
  });

  it("writes in batches of 25 and retries unprocessed requests with backoff", async () => {
    const pauses: number[] = [];
    const sizes: number[] = [];
    let refused = false;
    const send = async (command: { input: unknown }) => {
      const requests = (command.input as { RequestItems: Record<string, unknown[]> }).RequestItems[
        tableName
      ]!;
      sizes.push(requests.length);
      if (refused || requests.length < 25) return {};
      refused = true;
      return { UnprocessedItems: { [tableName]: requests.slice(0, 5) } };
    };
    const requests = Array.from({ length: 30 }, (_, i) => ({ PutRequest: { Item: key(String(i)) } }));
    const written = await writeItems(requests, {
      send,
      policy: { ...RETRY, sleep: async (ms) => void pauses.push(ms) },
    });
    expect(written).toBe(30);
    expect(sizes).toEqual([25, 5, 5]);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toBeLessThanOrEqual(RETRY.baseMs * 2);
  });

  it("pools an async source: items start as they come, never more than the limit, results in order", async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const finished: number[] = [];
    const pages = async function* () {
      yield* [1, 2, 3];
      // The next page is slow to come: what the first one gave has started, and 1 still runs, unwaited.
      expect(started).toEqual([1, 2, 3]);
      expect(finished).not.toContain(1);
      await sleep(20);
      yield* [4, 5];
    };
    const results = await pool(pages(), 2, async (n) => {
      started.push(n);
      most = Math.max(most, ++running);
      await sleep(n === 1 ? 40 : 5);
      finished.push(n);
      running--;
      return n * 10;
    });
    expect(results).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
    expect(await pool([], 4, async () => 1)).toEqual([]);
  });
});
