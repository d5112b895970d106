import { describe, expect, it } from "vitest";
import { caches } from "../util/cache";
import * as Breaker from "./breaker";
import { clockAt } from "./testing";

// Each test has a breaker of its own (the table is shared with every other test file).
const unique = (what: string) => `${what}-${crypto.randomUUID().slice(0, 8)}`;
const failing = () => Promise.reject(new Error("down"));

describe("Breaker.call", () => {
  it("opens after 5 consecutive failures, refuses without calling, half-opens after the cool-down, closes on success", async () => {
    const service = unique("svc");
    const clock = clockAt(Date.now());
    let calls = 0;
    const counted = (outcome: () => Promise<string>) => () => {
      calls++;
      return outcome();
    };
    // A success between failures resets the count.
    for (let i = 0; i < 4; i++) await expect(Breaker.call(service, failing, clock)).rejects.toThrow("down");
    expect(await Breaker.call(service, async () => "ok", clock)).toBe("ok");
    for (let i = 0; i < 4; i++)
      await expect(Breaker.call(service, counted(failing), clock)).rejects.toThrow("down");
    expect((await Breaker.get(service, clock)).state).toBe("closed");
    await expect(Breaker.call(service, counted(failing), clock)).rejects.toThrow("down");
    expect(calls).toBe(5);

    // Open: refused at once, the call is not made; every instance sees it (read from the table).
    await expect(Breaker.call(service, counted(failing), clock)).rejects.toBeInstanceOf(Breaker.OpenError);
    expect(calls).toBe(5);
    expect(await Breaker.anyOpen(clock, [service])).toBe(true);
    const opened = await Breaker.get(service, clock);
    expect(opened).toMatchObject({ state: "open", failures: 5, changedAt: clock().getTime() });
    Breaker.forget();
    clock.advance(Breaker.COOL_DOWN_MS - 1);
    await expect(Breaker.call(service, counted(failing), clock)).rejects.toBeInstanceOf(Breaker.OpenError);
    expect(calls).toBe(5);

    // Cooled down: one probe passes; a failed probe opens it again for another cool-down.
    clock.advance(1);
    await expect(Breaker.call(service, counted(failing), clock)).rejects.toThrow("down");
    expect(calls).toBe(6);
    expect((await Breaker.get(service, clock)).state).toBe("open");
    await expect(Breaker.call(service, counted(failing), clock)).rejects.toBeInstanceOf(Breaker.OpenError);
    clock.advance(Breaker.COOL_DOWN_MS);
    expect(
      await Breaker.call(
        service,
        counted(async () => "back"),
        clock,
      ),
    ).toBe("back");
    const closed = await Breaker.get(service, clock);
    expect(closed).toMatchObject({ state: "closed", failures: 0 });
    expect(await Breaker.anyOpen(clock, [service])).toBe(false);
    expect(closed.history.map((t) => `${t.from}>${t.to}`)).toEqual([
      "half_open>closed",
      "open>half_open",
      "half_open>open",
      "open>half_open",
      "closed>open",
    ]);
    expect(await Breaker.call(service, async () => "again", clock)).toBe("again");
  });

  it("counts concurrent failures together, and keeps other callers out while a probe is in flight", async () => {
    const service = unique("svc");
    const clock = clockAt(Date.now());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => Breaker.call(service, failing, clock)),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(8);
    expect((await Breaker.get(service, clock)).state).toBe("open");
    clock.advance(Breaker.COOL_DOWN_MS);
    let release!: (v: string) => void;
    const probe = Breaker.call(service, () => new Promise<string>((done) => (release = done)), clock);
    await new Promise((done) => setTimeout(done, 20));
    await expect(Breaker.call(service, async () => "no", clock)).rejects.toBeInstanceOf(Breaker.OpenError);
    release("probed");
    expect(await probe).toBe("probed");
    expect((await Breaker.get(service, clock)).state).toBe("closed");
  });

  it("only counts what the caller calls a failure", async () => {
    const service = unique("svc");
    const isFailure = (e: unknown) => (e as Error).message === "down";
    for (let i = 0; i < 6; i++)
      await expect(
        Breaker.call(service, () => Promise.reject(new Error("bad input")), undefined, { isFailure }),
      ).rejects.toThrow("bad input");
    expect((await Breaker.get(service)).state).toBe("closed");
  });

  it("fails open when its state cannot be read, and counts it", async () => {
    // A key over DynamoDB's 1 KiB sort key limit: the read itself fails.
    const service = "x".repeat(1100);
    expect(Breaker.failOpenCount(service)).toBe(0);
    expect(await Breaker.call(service, async () => "through")).toBe("through");
    expect(Breaker.failOpenCount(service)).toBe(1);
  });

  it("serves repeated reads from its 60-second cache", async () => {
    const service = unique("svc");
    const stats = () => caches().find((c) => c.name === "breakers")!;
    await Breaker.call(service, async () => 1);
    const before = { ...stats() };
    for (let i = 0; i < 5; i++) await Breaker.call(service, async () => 1);
    expect(stats().hits - before.hits).toBe(5);
    expect(stats().misses).toBe(before.misses);
  });
});
