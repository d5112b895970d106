import { describe, expect, it } from "vitest";
import { quotaCounters } from "./entities";
import * as Quota from "./quota";

const unique = () => `q-${crypto.randomUUID().slice(0, 8)}`;
const fixed = (at: number) => () => new Date(at);
const minuteKey = (at: number) => `m:${Math.floor(at / 60_000) * 60_000}`;
const stored = async (provider: string, window: string) =>
  (await quotaCounters.get({ provider, window }).go({ consistent: true })).data?.count;

describe("Quota.take", () => {
  it("counts in memory and writes in batches of 10, not once per call", async () => {
    const provider = unique();
    const at = Date.UTC(2026, 0, 5, 10, 0, 10);
    const limits = { perMinute: 1000, perDay: 10_000 };
    for (let i = 0; i < Quota.BATCH - 1; i++)
      expect(await Quota.take(provider, fixed(at), limits)).toBe("ok");
    expect(await stored(provider, minuteKey(at))).toBeUndefined();
    await Quota.take(provider, fixed(at), limits);
    expect(await stored(provider, minuteKey(at))).toBe(10);
    await Quota.take(provider, fixed(at), limits);
    await Quota.flush(fixed(at));
    expect(await stored(provider, minuteKey(at))).toBe(11);
    expect((await Quota.usage(provider, fixed(at))).minute.used).toBe(11);
  });

  it("slows near the limit, refuses at it until the window resets", async () => {
    const provider = unique();
    const at = Date.UTC(2026, 0, 5, 10, 0, 0);
    const limits = { perMinute: 5, perDay: 100 };
    const verdicts = [];
    for (let i = 0; i < 7; i++) verdicts.push(await Quota.take(provider, fixed(at + i), limits));
    // 80 % of 5 is 4: the 4th and 5th calls slow down, the 6th and 7th are refused (and not counted).
    expect(verdicts).toEqual(["ok", "ok", "ok", "slow", "slow", "exhausted", "exhausted"]);
    await Quota.flush(fixed(at));
    expect(await stored(provider, minuteKey(at))).toBe(5);
    expect(await Quota.take(provider, fixed(at + 60_000), limits)).toBe("ok");
  });

  it("the daily window holds across minutes", async () => {
    const provider = unique();
    const at = Date.UTC(2026, 0, 5, 10, 0, 0);
    const limits = { perMinute: 100, perDay: 3 };
    for (let i = 0; i < 3; i++) await Quota.take(provider, fixed(at + i * 60_000), limits);
    expect(await Quota.take(provider, fixed(at + 10 * 60_000), limits)).toBe("exhausted");
    expect(await Quota.take(provider, fixed(at + 86_400_000), limits)).not.toBe("exhausted");
  });

  it("limits default to the free plans and are configurable", () => {
    const before = process.env.BOURSE_QUOTAS;
    try {
      delete process.env.BOURSE_QUOTAS; // the suite's own (global-setup) are generous
      expect(Quota.limitsOf("tiingo")).toEqual({ perMinute: 50, perDay: 1000 });
      process.env.BOURSE_QUOTAS = JSON.stringify({ finnhub: { perMinute: 30 } });
      expect(Quota.limitsOf("finnhub")).toEqual({ perMinute: 30, perDay: 86_400 });
      process.env.BOURSE_QUOTAS = "not json";
      expect(Quota.limitsOf("finnhub")).toEqual(Quota.DEFAULTS.finnhub);
    } finally {
      if (before === undefined) delete process.env.BOURSE_QUOTAS;
      else process.env.BOURSE_QUOTAS = before;
    }
  });
});
