import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFinnhubLocal } from "../../../../../stacks/local/news/finnhub";
import { storiesFor } from "../../../../../stacks/local/news/recorded";
import type { NewsServer } from "../../../../../stacks/local/news/server";
import { startTiingoLocal } from "../../../../../stacks/local/news/tiingo";
import * as Finnhub from "./finnhub";
import { dayOf, ProviderError } from "./provider";
import * as Tiingo from "./tiingo";

// The adapters against their own local servers (not the platform's: chaos here must not reach other tests).
const KEY = "test-key-0123456789";
let tiingo: NewsServer;
let finnhub: NewsServer;
const now = Date.now();
const window = { from: dayOf(new Date(now - 7 * 86_400_000)), to: dayOf(new Date(now)) };

beforeAll(async () => {
  [tiingo, finnhub] = await Promise.all([
    startTiingoLocal({ apiKey: KEY, now: () => now }),
    startFinnhubLocal({ apiKey: KEY, now: () => now }),
  ]);
});
afterAll(async () => {
  await Promise.all([tiingo.stop(), finnhub.stop()]);
});

const tiingoCall = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  Tiingo.news(
    { tickers: ["AAPL", "TSLA"], startDate: window.from, endDate: window.to },
    { baseUrl: tiingo.endpoint, apiKey: KEY, ...options },
  );
const finnhubCall = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  Finnhub.companyNews(
    { symbol: "TSLA", ...window },
    { baseUrl: `${finnhub.endpoint}/api/v1`, apiKey: KEY, ...options },
  );

async function failure(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("Tiingo /tiingo/news", () => {
  it("reads the recorded stories of the tickers asked, normalised, newest first", async () => {
    const answer = await tiingoCall();
    const recorded = [
      ...storiesFor("AAPL", now - 8 * 86_400_000, now),
      ...storiesFor("TSLA", now - 8 * 86_400_000, now),
    ];
    expect(answer.skipped).toBe(0);
    expect(answer.items.length).toBeGreaterThan(0);
    for (const item of answer.items) {
      expect(item.provider).toBe("tiingo");
      expect(item.tickers.some((t) => t === "AAPL" || t === "TSLA")).toBe(true);
      expect(item.tickers.every((t) => t === t.toUpperCase())).toBe(true);
      expect(item.publishedAt).toBeLessThanOrEqual(now);
      expect(recorded.some((s) => s.title === item.title && s.publishedAt === item.publishedAt)).toBe(true);
    }
    const times = answer.items.map((i) => i.publishedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Deterministic per ticker and window.
    expect((await tiingoCall()).items).toEqual(answer.items);
  });

  it("is refused with a wrong key, and the error does not carry the key", async () => {
    const error = await failure(tiingoCall({ apiKey: "wrong-key" }));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(error.message).toContain("Invalid token");
    expect(error.message).not.toContain("wrong-key");
    expect(await failure(tiingoCall({ apiKey: "" }))).toMatchObject({ kind: "unauthorized" });
  });

  it("tells outages, throttling and silence apart (chaos)", async () => {
    try {
      tiingo.chaos({ status: 500 });
      expect(await failure(tiingoCall())).toMatchObject({ kind: "unavailable", status: 500 });
      tiingo.chaos({ status: 429 });
      const throttled = await failure(tiingoCall());
      expect(throttled).toMatchObject({ kind: "rate_limited", status: 429 });
      expect(throttled.message).toContain("hourly request allocation");
      tiingo.chaos({ delayMs: 500 });
      expect(await failure(tiingoCall({ timeoutMs: 100 }))).toMatchObject({ kind: "unavailable" });
    } finally {
      tiingo.chaos();
    }
    expect((await tiingoCall()).items.length).toBeGreaterThan(0);
  });

  it("skips and counts malformed items, and refuses a malformed answer as a whole", async () => {
    const good = await tiingoCall();
    try {
      tiingo.chaos({ malformed: "items" });
      const spoiled = await tiingoCall();
      expect(spoiled.skipped).toBe(Math.ceil(good.items.length / 2));
      expect(spoiled.items).toEqual(good.items.filter((_, i) => i % 2 === 1));
      expect(spoiled.problems[0]).toMatch(/item 0: title/);
      tiingo.chaos({ malformed: "payload" });
      expect(await failure(tiingoCall())).toMatchObject({ kind: "malformed" });
    } finally {
      tiingo.chaos();
    }
  });
});

describe("Finnhub /api/v1/company-news", () => {
  it("reads a symbol's recorded stories, seconds turned into milliseconds", async () => {
    const answer = await finnhubCall();
    expect(answer.skipped).toBe(0);
    expect(answer.items.length).toBeGreaterThan(0);
    const recorded = storiesFor("TSLA", now - 8 * 86_400_000, now);
    for (const item of answer.items) {
      expect(item).toMatchObject({ provider: "finnhub" });
      expect(item.tickers).toContain("TSLA");
      expect(item.publishedAt % 1000).toBe(0);
      expect(recorded.some((s) => s.title === item.title)).toBe(true);
    }
  });

  it("is refused without or with a wrong key", async () => {
    const wrong = await failure(finnhubCall({ apiKey: "nope-nope" }));
    expect(wrong).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(wrong.message).toContain("Invalid API key");
    expect(wrong.message).not.toContain("nope-nope");
    expect((await failure(finnhubCall({ apiKey: "" }))).message).toContain("Please use an API key");
  });

  it("tells outages and throttling apart, and skips malformed items (chaos)", async () => {
    const good = await finnhubCall();
    try {
      finnhub.chaos({ status: 429 });
      const throttled = await failure(finnhubCall());
      expect(throttled).toMatchObject({ kind: "rate_limited", status: 429 });
      expect(throttled.message).toContain("API limit reached");
      finnhub.chaos({ status: 500 });
      expect(await failure(finnhubCall())).toMatchObject({ kind: "unavailable", status: 500 });
      finnhub.chaos({ malformed: "items" });
      const spoiled = await finnhubCall();
      expect(spoiled.skipped).toBe(Math.ceil(good.items.length / 2));
      expect(spoiled.items).toEqual(good.items.filter((_, i) => i % 2 === 1));
      finnhub.chaos({ malformed: "payload" });
      expect(await failure(finnhubCall())).toMatchObject({ kind: "malformed" });
    } finally {
      finnhub.chaos();
    }
  });

  it("switches chaos over HTTP too, as dev does", async () => {
    const set = (body: object) =>
      fetch(`${finnhub.endpoint}/_chaos`, { method: "POST", body: JSON.stringify(body) });
    expect((await set({ status: 503 })).status).toBe(200);
    expect(await failure(finnhubCall())).toMatchObject({ status: 503 });
    expect((await set({ status: 99 })).status).toBe(400);
    await set({});
    expect((await finnhubCall()).items.length).toBeGreaterThan(0);
  });
});
