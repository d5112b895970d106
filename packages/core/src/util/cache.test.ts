import { describe, expect, it } from "vitest";
import { TtlCache } from "./cache";

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

describe("TtlCache", () => {
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
