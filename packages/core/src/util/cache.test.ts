import { describe, expect, it } from "vitest";
import { TtlCache } from "./cache";

const now = () => new Date(1_000_000);

describe("TtlCache", () => {
  it("shares one load between concurrent misses of a key; a load from before an invalidation is not shared", async () => {
    const cache = new TtlCache<number>("test-single-flight", 5_000);
    let reads = 0;
    let release = () => {};
    const load = () => {
      const n = ++reads;
      return new Promise<number>((done) => {
        release = () => done(n);
      });
    };
    const first = Promise.all([
      cache.get("k", load, now),
      cache.get("k", load, now),
      cache.get("k", load, now),
    ]);
    release();
    expect(await first).toEqual([1, 1, 1]);
    expect(reads).toBe(1);
    expect(cache.misses).toBe(1);
    expect(cache.hits).toBe(2);

    cache.invalidate("k");
    const before = cache.get("k", load, now);
    const releaseBefore = release;
    cache.invalidate("k");
    const after = cache.get("k", load, now);
    release();
    releaseBefore();
    expect([await before, await after]).toEqual([2, 3]);
    // Only the load that started after the last invalidation was kept.
    expect(await cache.get("k", load, now)).toBe(3);
    expect(reads).toBe(3);
  });

  it("gives every waiting caller the load's failure, and reads again on the next miss", async () => {
    const cache = new TtlCache<number>("test-single-flight-failure", 5_000);
    let reads = 0;
    const failing = async () => {
      reads++;
      throw new Error("table down");
    };
    const results = await Promise.allSettled([cache.get("k", failing, now), cache.get("k", failing, now)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(reads).toBe(1);
    expect(await cache.get("k", async () => 7, now)).toBe(7);
  });
});
