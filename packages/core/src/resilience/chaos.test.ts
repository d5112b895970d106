import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChaosWatcher } from "../../../../stacks/local/chaos";
import type { NewsServer } from "../../../../stacks/local/news/server";
import * as Actor from "../actor";
import * as News from "../news";
import { as, member } from "../social/testing";
import * as Chaos from "./chaos";
import { clockAt, newsServers } from "./testing";

// The switches are global items: this file alone flips tiingo and finnhub (the platform under test does not
// apply switches to its servers, so other files are not touched). Servers of its own for the watcher.
const KEY = "chaos-test-key";
let tiingo: NewsServer;
let finnhub: NewsServer;
beforeAll(async () => {
  ({ tiingo, finnhub } = await newsServers(KEY));
});
afterAll(async () => {
  await Actor.system("chaos-test", async () => {
    for (const target of ["tiingo", "finnhub"] as const) await Chaos.set({ target, mode: "off" });
  });
  await Promise.all([tiingo.stop(), finnhub.stop()]);
});

const admin = <T>(run: () => Promise<T>) => Actor.system("chaos-test", run);

describe("Chaos switches", () => {
  it("turn themselves off after their minutes (default 10), for every instance", async () => {
    const clock = clockAt(Date.now());
    const set = await admin(() => Chaos.set({ target: "finnhub", mode: "error", minutes: 2 }, clock));
    expect(set).toEqual({
      target: "finnhub",
      mode: "error",
      until: clock().getTime() + 120_000,
      remainingMs: 120_000,
    });
    expect(await Chaos.mode("finnhub", clock)).toBe("error");
    clock.advance(60_000);
    const listed = await admin(() => Chaos.list(clock));
    expect(listed.find((s) => s.target === "finnhub")).toMatchObject({ mode: "error", remainingMs: 60_000 });
    expect(listed.map((s) => s.target)).toEqual(["tiingo", "finnhub", "email", "bedrock"]);
    clock.advance(60_000);
    expect(await Chaos.mode("finnhub", clock)).toBe("off");
    expect((await admin(() => Chaos.list(clock))).find((s) => s.target === "finnhub")).toMatchObject({
      mode: "off",
      until: null,
    });

    const long = await admin(() => Chaos.set({ target: "finnhub", mode: "slow" }, clock));
    expect(long.remainingMs).toBe(Chaos.DEFAULT_MINUTES * 60_000);
    await admin(() => Chaos.set({ target: "finnhub", mode: "off" }, clock));
    expect(await Chaos.mode("finnhub", clock)).toBe("off");
  });

  it("are for administrators, and refuse what is not a target or a mode", async () => {
    const who = await member("chaosuser");
    await expect(as(who, () => Chaos.set({ target: "finnhub", mode: "error" }))).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      admin(async () => Chaos.set({ target: "nasdaq" as "finnhub", mode: "error" })),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      admin(async () => Chaos.set({ target: "finnhub", mode: "melt" as "error" })),
    ).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      admin(async () => Chaos.set({ target: "finnhub", mode: "error", minutes: 100_000 })),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("locally, the platform's watcher makes the servers misbehave for real while a switch is on", async () => {
    const clock = clockAt(Date.now());
    const applied: string[] = [];
    const watcher = startChaosWatcher({
      read: () => Chaos.active(clock),
      targets: {
        tiingo,
        finnhub,
        bedrock: { chaos: (c) => applied.push(`bedrock:${JSON.stringify(c)}`) },
        ses: { chaos: (fail) => applied.push(`ses:${fail}`) },
        sendgrid: { chaos: (c) => applied.push(`sendgrid:${JSON.stringify(c ?? {})}`) },
      },
    });
    const status = async (server: NewsServer) =>
      (
        await fetch(`${server.endpoint}/api/v1/company-news?symbol=AAPL&from=2026-01-01&to=2026-01-02`, {
          headers: { "x-finnhub-token": KEY },
        })
      ).status;
    try {
      expect(await status(finnhub)).toBe(200);
      await admin(() => Chaos.set({ target: "finnhub", mode: "error", minutes: 1 }, clock));
      await watcher.poll();
      expect(await status(finnhub)).toBe(500);
      await admin(() => Chaos.set({ target: "finnhub", mode: "rate_limit", minutes: 1 }, clock));
      await watcher.poll();
      expect(await status(finnhub)).toBe(429);
      // Its minutes are over: healed at the next poll.
      clock.advance(60_000);
      await watcher.poll();
      expect(await status(finnhub)).toBe(200);
      expect(applied).toEqual([]);
    } finally {
      watcher.stop();
      finnhub.chaos();
      await admin(() => Chaos.set({ target: "finnhub", mode: "off" }));
    }
  });

  it("elsewhere (AWS), the adapter acts the switch out itself: the run sees the provider fail", async () => {
    const before = process.env.BOURSE_CHAOS_AT_PROVIDER;
    delete process.env.BOURSE_CHAOS_AT_PROVIDER;
    const own = crypto.randomUUID().slice(0, 8);
    try {
      await admin(() => Chaos.set({ target: "tiingo", mode: "rate_limit", minutes: 1 }));
      expect(await Chaos.simulated("tiingo")).toBe("rate_limit");
      const served = tiingo.requests();
      const run = await News.ingest(["NFLX"], undefined, {
        tiingo: { baseUrl: tiingo.endpoint, apiKey: KEY, service: `tiingo-${own}` },
        finnhub: { baseUrl: `${finnhub.endpoint}/api/v1`, apiKey: KEY, service: `finnhub-${own}` },
      });
      expect(run.providers.tiingo).toMatchObject({ calls: 1, failures: 1 });
      expect(run.providers.tiingo.errors[0]).toMatch(/rate_limited.*429 \(chaos\)/);
      expect(tiingo.requests()).toBe(served); // no real provider is harmed
      expect(run.providers.finnhub.failures).toBe(0);
    } finally {
      await admin(() => Chaos.set({ target: "tiingo", mode: "off" }));
      process.env.BOURSE_CHAOS_AT_PROVIDER = before;
    }
    expect(await Chaos.simulated("tiingo")).toBe("off");
  });
});
