import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { client, tableName } from "../dynamo";
import { caches, readThrough, TtlCache } from "./cache";
import { systemClock } from "./clock";

const at = (ms: number) => () => new Date(ms);

function deferred<V>() {
  let resolve!: (value: V) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<V>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe("TtlCache single flight", () => {
  it("loads once for concurrent misses of one key, and counts the others as hits", async () => {
    const cache = new TtlCache<string>("test-single-flight", 1000);
    const pending = deferred<string>();
    let loads = 0;
    const load = () => {
      loads++;
      return pending.promise;
    };
    const reads = Array.from({ length: 50 }, () => cache.get("k", load, at(0)));
    pending.resolve("v");
    expect(await Promise.all(reads)).toEqual(Array(50).fill("v"));
    expect(loads).toBe(1);
    expect([cache.misses, cache.hits]).toEqual([1, 49]);
    // Kept: the next read is a hit; once expired, a new load.
    expect(await cache.get("k", async () => "w", at(999))).toBe("v");
    expect(await cache.get("k", async () => "w", at(1000))).toBe("w");
  });

  it("shares a failed load with the calls that joined it, and loads again afterwards", async () => {
    const cache = new TtlCache<string>("test-single-flight-failure", 1000);
    const pending = deferred<string>();
    const reads = [
      cache.get("k", () => pending.promise, at(0)),
      cache.get("k", () => pending.promise, at(0)),
    ];
    pending.reject(new Error("down"));
    for (const read of reads) await expect(read).rejects.toThrow("down");
    expect(await cache.get("k", async () => "up", at(1))).toBe("up");
  });

  it("does not join a load that started before an invalidation", async () => {
    const cache = new TtlCache<string>("test-single-flight-epoch", 1000);
    const before = deferred<string>();
    const first = cache.get("k", () => before.promise, at(0));
    cache.invalidate("k");
    const second = cache.get("k", async () => "after", at(0));
    before.resolve("before");
    expect(await first).toBe("before");
    expect(await second).toBe("after");
    // The stale load stored nothing; the fresh one did.
    expect(await cache.get("k", async () => "reloaded", at(1))).toBe("after");
  });
});

const stats = (name: string) => caches().find((c) => c.name === name)!;

describe("TtlCache read counting", () => {
  it("counts the table reads its loads make, and saves as many per hit as a load costs on average", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const cache = new TtlCache<string>(name, 60_000);
    const read = () =>
      client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: name }, sk: { S: "x" } } }));
    // Two reads per load: one item and its neighbour.
    const load = async () => {
      await read();
      await read();
      return "value";
    };
    await cache.get("a", load, systemClock);
    expect(stats(name)).toMatchObject({ hits: 0, misses: 1, reads: 2, saved: 0 });
    await cache.get("a", load, systemClock);
    await cache.get("a", load, systemClock);
    expect(stats(name)).toMatchObject({ hits: 2, misses: 1, reads: 2, saved: 4 });
    // A read outside any load (or in another cache's) is not this cache's.
    await read();
    await Promise.all([cache.get("b", async () => "none", systemClock), read()]);
    expect(stats(name)).toMatchObject({ misses: 2, reads: 2, saved: 2 });
  });

  it("counts a hit on a written-through entry as one read saved before any load", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const cache = new TtlCache<number>(name, 60_000);
    cache.set("k", 1, systemClock);
    expect(await cache.get("k", async () => 2, systemClock)).toBe(1);
    expect(stats(name)).toMatchObject({ hits: 1, misses: 0, reads: 0, saved: 1 });
  });

  it("after a change through it, loads again rather than answering what it had", async () => {
    const cache = new TtlCache<number>(`test-${crypto.randomUUID()}`, 60_000);
    let stored = 1;
    const load = async () => stored;
    expect(await cache.get("k", load, systemClock)).toBe(1);
    stored = 2;
    expect(await cache.get("k", load, systemClock)).toBe(1);
    cache.invalidate("k");
    expect(await cache.get("k", load, systemClock)).toBe(2);
  });
});

describe("readThrough (several caches, one load)", () => {
  it("loads once what every part misses, nothing when all are kept, and shares the reads out", async () => {
    const a = new TtlCache<number>(`test-${crypto.randomUUID()}`, 1000);
    const b = new TtlCache<string>(`test-${crypto.randomUUID()}`, 1000);
    const asked: Record<string, string[]>[] = [];
    const load = async (missing: { a: string[]; b: string[] }) => {
      asked.push(missing);
      await client.send(
        new GetItemCommand({ TableName: tableName, Key: { pk: { S: "rt" }, sk: { S: "x" } } }),
      );
      // "gone" is not found: it is not kept, so it is asked again.
      return {
        a: new Map(missing.a.filter((k) => k !== "gone").map((k) => [k, k.length])),
        b: new Map(missing.b.map((k) => [k, k.toUpperCase()])),
      };
    };
    const read = (keys: { a: string[]; b: string[] }, t: number) =>
      readThrough({ a: { cache: a, keys: keys.a }, b: { cache: b, keys: keys.b } }, load, at(t));
    const first = await read({ a: ["one", "three", "gone"], b: ["x"] }, 0);
    expect([...first.a]).toEqual([
      ["one", 3],
      ["three", 5],
    ]);
    expect([...first.b]).toEqual([["x", "X"]]);
    // The one read is shared out by keys missed: 3 of 4 to a, 1 to b.
    expect([stats(a.name).reads, stats(b.name).reads]).toEqual([0.75, 0.25]);
    await read({ a: ["one", "three"], b: ["x"] }, 999);
    expect(asked).toHaveLength(1);
    await read({ a: ["one", "gone"], b: ["x"] }, 999);
    expect(asked.at(-1)).toEqual({ a: ["gone"], b: [] });
    expect([stats(a.name).hits, stats(b.name).hits]).toEqual([3, 2]);
  });

  it("keeps nothing a load read before an invalidation, nor a held key until its time", async () => {
    const cache = new TtlCache<number>(`test-${crypto.randomUUID()}`, 1000);
    const pending = deferred<void>();
    let value = 1;
    const load = async (missing: { c: string[] }) => {
      const v = value;
      await pending.promise;
      return { c: new Map(missing.c.map((k) => [k, v])) };
    };
    const read = (t: number) => readThrough({ c: { cache, keys: ["k"] } }, load, at(t));
    const racing = read(0);
    value = 2;
    cache.invalidate("k");
    pending.resolve();
    expect((await racing).c.get("k")).toBe(1);
    expect((await read(1)).c.get("k")).toBe(2); // loaded again: the racing load kept nothing
    cache.hold("k", 500);
    value = 3;
    expect((await read(2)).c.get("k")).toBe(3);
    value = 4;
    expect((await read(3)).c.get("k")).toBe(4); // held: read again, not kept
    expect((await read(500)).c.get("k")).toBe(4);
    value = 5;
    expect((await read(600)).c.get("k")).toBe(4); // the hold is over: kept
  });
});
