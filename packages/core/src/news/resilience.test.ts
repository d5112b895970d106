import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewsServer } from "../../../../stacks/local/news/server";
import * as Breaker from "../resilience/breaker";
import { clockAt, newsServers } from "../resilience/testing";
import * as News from ".";
import { RESERVE_MS } from "./ingest";

// Ingestion when providers fail, against provider servers of its own and breakers of its own (the
// platform's are shared with every test file). Tickers no other test watches.
const KEY = "resilience-test-key";
let tiingo: NewsServer;
let finnhub: NewsServer;

beforeAll(async () => {
  ({ tiingo, finnhub } = await newsServers(KEY));
});
afterAll(async () => {
  await Promise.all([tiingo.stop(), finnhub.stop()]);
});

function optionsFor(own = crypto.randomUUID().slice(0, 8)) {
  return {
    tiingo: { baseUrl: tiingo.endpoint, apiKey: KEY, service: `tiingo-${own}` },
    finnhub: { baseUrl: `${finnhub.endpoint}/api/v1`, apiKey: KEY, service: `finnhub-${own}` },
  };
}

describe("ingestion behind breakers", () => {
  it("Finnhub at 500: its breaker opens after 5 failures, Tiingo carries on; healed, it half-opens and closes", async () => {
    const symbols = ["HD", "LOW", "NKE", "MCD", "SBUX", "ORCL", "KMI", "AKAM", "ALGN"];
    const options = optionsFor();
    const clock = clockAt(Date.now());
    try {
      finnhub.chaos({ status: 500 });
      const before = finnhub.requests();
      const run = await News.ingest(symbols, clock, options);
      // The 5th failure opens it; calls already in flight then (up to 3 more, 4 run at once) still end.
      const made = finnhub.requests() - before;
      expect(made).toBeGreaterThanOrEqual(Breaker.THRESHOLD);
      expect(made).toBeLessThan(Breaker.THRESHOLD + 4);
      expect(made).toBeLessThan(symbols.length);
      expect(run.providers.finnhub).toMatchObject({
        calls: made,
        failures: made,
        notCalled: { breaker_open: symbols.length - made },
      });
      expect(run.providers.tiingo.failures).toBe(0);
      expect(run.providers.tiingo.stored).toBeGreaterThan(0);
      expect(run.status).toBe("degraded");
      const opened = await Breaker.get(options.finnhub.service, clock);
      expect(opened.state).toBe("open");
      expect(opened.failures).toBeGreaterThanOrEqual(Breaker.THRESHOLD);
      expect((await Breaker.get(options.tiingo.service, clock)).state).toBe("closed");

      // Still open: the next run does not call Finnhub at all.
      finnhub.chaos();
      const held = await News.ingest(symbols, clock, options);
      expect(held.providers.finnhub).toMatchObject({ calls: 0, notCalled: { breaker_open: symbols.length } });
      expect(finnhub.requests() - before).toBe(made);
    } finally {
      finnhub.chaos();
    }

    // After the cool-down one probe passes, succeeds, and the breaker closes.
    clock.advance(Breaker.COOL_DOWN_MS);
    const healed = await News.ingest(symbols, clock, options);
    expect(healed.providers.finnhub.calls).toBeGreaterThan(0);
    expect(healed.providers.finnhub.failures).toBe(0);
    const breaker = await Breaker.get(options.finnhub.service, clock);
    expect(breaker.state).toBe("closed");
    expect(breaker.history.map((t) => t.to)).toEqual(["closed", "half_open", "open"]);
    const next = await News.ingest(symbols, clock, options);
    expect(next.providers.finnhub).toMatchObject({ calls: symbols.length, failures: 0 });
    expect(next.status).toBe("ok");
  });

  it("both breakers open: the run records skipped; news is stale since the last run that could call", async () => {
    const symbols = ["LULU"];
    const options = optionsFor();
    const clock = clockAt(Date.now());
    const good = await News.ingest(symbols, clock, options);
    expect(good.status).toBe("ok");
    try {
      tiingo.chaos({ status: 503 });
      finnhub.chaos({ status: 503 });
      for (let i = 0; i < Breaker.THRESHOLD; i++) {
        clock.advance(1000);
        await News.ingest(symbols, clock, options);
      }
      clock.advance(1000);
      const skipped = await News.ingest(symbols, clock, options);
      expect(skipped.status).toBe("skipped");
      expect(skipped.providers.tiingo.notCalled.breaker_open).toBe(1);
      expect(skipped.providers.finnhub.notCalled.breaker_open).toBe(1);
      // Runs are global (other files ingest too): the rule is read from these runs alone.
      const runs = [skipped, ...Array.from({ length: 2 }, () => ({ ...skipped })), good];
      expect(News.staleSinceOf(runs)).toBe(good.ranAt + good.durationMs);
      expect(News.staleSinceOf([good, skipped])).toBeNull();
      expect(News.staleSinceOf([skipped])).toBe(skipped.ranAt);
    } finally {
      tiingo.chaos();
      finnhub.chaos();
    }
  });

  it("a provider slowed to 30 s: the run ends before its deadline and records the calls it did not start", async () => {
    const symbols = ["MAR", "LRCX", "KSS", "AMGN", "AMD", "BIIB"];
    const options = optionsFor();
    const started = Date.now();
    // 3.5 s left for calls once the reserve for storing is kept: one round of timeouts cut to the deadline
    // (the 8-second default waited out would test nothing more).
    const deadline = started + RESERVE_MS + 3_500;
    try {
      finnhub.chaos({ delayMs: 30_000 });
      const run = await News.ingest(symbols, undefined, { ...options, deadline });
      expect(Date.now()).toBeLessThan(deadline);
      const finn = run.providers.finnhub;
      // The first four (in parallel) time out; the rest are not started so near the deadline.
      expect(finn.failures).toBe(4);
      expect(finn.errors[0]).toMatch(/unavailable: finnhub: no answer/);
      expect(finn.notCalled.deadline).toBe(symbols.length - 4);
      expect(run.providers.tiingo.stored).toBeGreaterThan(0);
      expect(run.status).toBe("degraded");
    } finally {
      finnhub.chaos();
    }
  }, 30_000);
});
