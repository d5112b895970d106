import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFinnhubLocal } from "../../../../stacks/local/news/finnhub";
import { dayStart, recordedTickers, storiesFor } from "../../../../stacks/local/news/recorded";
import type { NewsServer } from "../../../../stacks/local/news/server";
import { startTiingoLocal } from "../../../../stacks/local/news/tiingo";
import * as Ticker from "../ticker";
import * as News from ".";
import { dayOf } from "./providers/provider";

// Ingestion on the local platform's table, against provider servers of its own (their chaos stays here).
// Each test takes tickers no other test file watches (the News cron test ingests every watched one):
// articles and headline guards are global.
const KEY = "ingest-test-key";
let tiingo: NewsServer;
let finnhub: NewsServer;
const at = new Date();
const clock = () => at;
let options: News.IngestOptions;

beforeAll(async () => {
  [tiingo, finnhub] = await Promise.all([
    startTiingoLocal({ apiKey: KEY, now: () => at.getTime() }),
    startFinnhubLocal({ apiKey: KEY, now: () => at.getTime() }),
  ]);
  // Breakers and quotas of their own, so this file's chaos cannot open the platform's.
  const own = crypto.randomUUID().slice(0, 8);
  // Calls get a generous timeout: a loaded test machine must not turn a slow answer into a missing story.
  const timeoutMs = 30_000;
  options = {
    tiingo: { baseUrl: tiingo.endpoint, apiKey: KEY, service: `tiingo-${own}`, timeoutMs },
    finnhub: { baseUrl: `${finnhub.endpoint}/api/v1`, apiKey: KEY, service: `finnhub-${own}`, timeoutMs },
  };
});
afterAll(async () => {
  await Promise.all([tiingo.stop(), finnhub.stop()]);
});

/** What the servers hold for these symbols in the window a run asks for (both providers together). */
function recorded(symbols: string[]) {
  const from = dayStart(dayOf(new Date(at.getTime() - 7 * 86_400_000))) as number;
  return symbols.flatMap((s) => storiesFor(s, from, at.getTime()));
}

async function allNews(symbol: string) {
  const items: News.Info[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await News.list(symbol, { cursor, limit: 100 });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

describe("News.ingest", () => {
  it("stores each story once across providers and across runs, with a link per watched ticker", async () => {
    const symbols = ["UBER", "DIS"];
    const stories = recorded(symbols);
    const headlines = new Set(stories.map((s) => News.normalHeadline(s.title)));
    expect(stories.some((s) => s.tiingo && s.finnhub)).toBe(true); // told twice: the dedupe has work

    const first = await News.ingest(symbols, clock, options);
    expect(first.stored).toBeGreaterThan(0);
    expect(first.providers.tiingo.fetched).toBeGreaterThan(0);
    expect(first.providers.finnhub.fetched).toBeGreaterThan(0);
    expect(first.providers.finnhub.duplicates + first.providers.tiingo.duplicates).toBeGreaterThan(0);
    expect(first.providers.tiingo.skipped + first.providers.finnhub.skipped).toBe(0);

    // One article per headline (another test's run may have stored a story that names these tickers too).
    const lists = await Promise.all(symbols.map(allNews));
    expect(first.stored).toBeLessThanOrEqual(headlines.size);
    expect(new Set(lists.flat().map((n) => n.id)).size).toBe(headlines.size);
    expect(new Set(lists.flat().map((n) => News.normalHeadline(n.title)))).toEqual(headlines);
    for (const list of lists) {
      const seen = list.map((n) => News.normalHeadline(n.title));
      expect(new Set(seen).size).toBe(seen.length);
      const times = list.map((n) => n.publishedAt);
      expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
      // A story Tiingo told too keeps the publisher's link over Finnhub's redirect.
      for (const n of list)
        if (stories.some((s) => s.tiingo && s.title === n.title)) expect(n.url).not.toMatch(/finnhub\.io/);
    }

    const again = await News.ingest(symbols, clock, options);
    expect(again.stored).toBe(0);
    expect(again.providers.tiingo.duplicates + again.providers.finnhub.duplicates).toBe(
      again.providers.tiingo.fetched + again.providers.finnhub.fetched,
    );
    // Recorded (other files' runs may be newer: runs are global).
    expect((await News.lastRun())?.ranAt).toBeGreaterThanOrEqual(again.ranAt);
  });

  it("links a stored story to a ticker watched later, without storing it again", async () => {
    // A story of A that names B too (both cashtags in the headline).
    const taken = new Set([
      "UBER",
      "DIS",
      "BA",
      "AAPL",
      "TSLA",
      "MSFT",
      "NVDA",
      "AMZN",
      "GOOG",
      "SPY",
      "META",
    ]);
    const candidates = recordedTickers().filter((t) => !taken.has(t) && Ticker.get(t));
    const pair = candidates
      .flatMap((a) => recorded([a]).map((s) => ({ a, s })))
      .find(({ s }) => s.tickers.length === 2 && s.tickers.every((t) => !taken.has(t) && Ticker.get(t)));
    expect(pair).toBeDefined();
    const { a, s } = pair as NonNullable<typeof pair>;
    const b = s.tickers.find((t) => t !== a) as string;

    await News.ingest([a], clock, options);
    const underA = (await allNews(a)).find((n) => n.title === s.title);
    expect(underA).toBeDefined();
    expect((await allNews(b)).some((n) => n.title === s.title)).toBe(false);

    await News.ingest([a, b], clock, options);
    const underB = (await allNews(b)).filter((n) => n.title === s.title);
    expect(underB.map((n) => n.id)).toEqual([underA?.id]);
  });

  it("keeps a provider's failure and its malformed items to itself: logged, counted, nothing half-stored", async () => {
    const symbols = ["BA"];
    try {
      tiingo.chaos({ status: 500 });
      finnhub.chaos({ malformed: "items" });
      const run = await News.ingest(symbols, clock, options);
      expect(run.providers.tiingo).toMatchObject({ calls: 1, failures: 1, stored: 0 });
      expect(run.providers.tiingo.errors[0]).toMatch(/unavailable.*500/);
      const finn = run.providers.finnhub;
      expect(finn.skipped).toBeGreaterThan(0);
      expect(finn.errors.some((e) => e.startsWith("malformed item"))).toBe(true);
      expect(finn.stored).toBeGreaterThan(0);
      const stored = await allNews("BA");
      expect(stored.length).toBeGreaterThanOrEqual(finn.stored);
      const served = recorded(symbols);
      for (const n of stored) expect(served.some((s) => s.title === n.title)).toBe(true);

      // Healed: the rest comes in, the stored ones are not stored twice.
      tiingo.chaos({ status: 429 });
      finnhub.chaos({ malformed: "payload" });
      const throttled = await News.ingest(symbols, clock, options);
      expect(throttled.stored).toBe(0);
      expect(throttled.providers.tiingo.errors[0]).toMatch(/rate_limited/);
      expect(throttled.providers.finnhub).toMatchObject({ failures: 1, skipped: 1 });
    } finally {
      tiingo.chaos();
      finnhub.chaos();
    }
    const healed = await News.ingest(symbols, clock, options);
    const headlines = new Set(recorded(symbols).map((s) => News.normalHeadline(s.title)));
    expect((await allNews("BA")).length).toBe(headlines.size);
    expect(healed.stored).toBeGreaterThan(0);
  });

  it("refuses a malformed symbol or cursor as bad input", async () => {
    await expect(News.list("not a symbol")).rejects.toMatchObject({ code: "validation_failed" });
    await expect(News.list("ZZZZZZ")).rejects.toMatchObject({ code: "unknown_ticker" });
    await expect(News.list("BA", { cursor: "garbage" })).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});
