import * as Sentiment from "@bourse/core/sentiment";
import { setCachesEnabled } from "@bourse/core/util/cache";
import type { Context, ScheduledEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { GET as tickerNews } from "@/app/api/tickers/[symbol]/news/route";
import { POST as createWatchlist } from "@/app/api/watchlists/route";
import { Client, member, platformIdle } from "@/server/auth.testing";
import { handler as newsCron } from "../../../../../../../functions/src/cron/news";
import { GET } from "./route";

async function guest() {
  const client = new Client();
  expect((await client.send(anonymous, "/api/auth/anonymous", { method: "POST" })).status).toBe(201);
  return client;
}

const cronContext = { awsRequestId: "test", functionName: "News" } as Context;
const runCron = () =>
  newsCron({ id: crypto.randomUUID(), time: new Date().toISOString() } as ScheduledEvent, cronContext);

describe("watchlist → news cron → articles → scored → GET /api/watchlists/{id}/sentiment", () => {
  it("shows each ticker's scored headlines, windows and chart series once the cron and the scorer ran", async () => {
    const client = await guest();
    const created = await client.send(createWatchlist, "/api/watchlists", {
      body: { name: "Autos and phones", tickers: ["AAPL", "TSLA"] },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()).watchlist;
    const read = () => client.send(GET, `/api/watchlists/${id}/sentiment`, { params: { id } });

    const run = await runCron();
    expect(run.symbols).toBeGreaterThanOrEqual(2);
    expect(run.providers.tiingo.failures + run.providers.finnhub.failures).toBe(0);
    await platformIdle();

    const response = await read();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body.watchlist).toEqual({ id, name: "Autos and phones" });
    expect(body.lastIngestedAt).toBeGreaterThanOrEqual(run.ranAt);
    expect(body.tickers.map((t: { symbol: string }) => t.symbol)).toEqual(["AAPL", "TSLA"]);
    for (const t of body.tickers) {
      expect(t.name).not.toBe(t.symbol); // from the ticker list
      expect(t.week.articles).toBeGreaterThan(0);
      expect(["bullish", "bearish", "neutral"]).toContain(t.week.label);
      expect(t.week.score).toBeGreaterThanOrEqual(-1);
      expect(t.week.score).toBeLessThanOrEqual(1);
      expect(t.day.articles).toBeLessThanOrEqual(t.week.articles);
      expect(t.hour.articles).toBeLessThanOrEqual(t.day.articles);
      expect(t.series.reduce((n: number, p: { articles: number }) => n + p.articles, 0)).toBe(
        t.week.articles,
      );
      // The latest 10 stories, which may reach a little past the week's whole hours: at least the week's.
      expect(t.articles.length).toBeGreaterThanOrEqual(Math.min(10, t.week.articles));
      expect(t.articles.length).toBeLessThanOrEqual(10);
      const times = t.articles.map((a: { publishedAt: number }) => a.publishedAt);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      for (const a of t.articles) {
        expect(a).toMatchObject({ title: expect.any(String), url: expect.stringMatching(/^https:\/\//) });
        expect(["bullish", "bearish", "neutral"]).toContain(a.label);
      }
    }

    // Every stored story of the ticker in the week's hours is scored exactly once (news and scores agree).
    // Other test files ingest at the same time, so: stories before ≤ scores once idle ≤ stories after.
    const weekStart = (Math.floor(Date.now() / 3_600_000) - 167) * 3_600_000;
    const storiesInWeek = async () => {
      const news = await client.send(tickerNews, "/api/tickers/tsla/news?limit=100", {
        params: { symbol: "tsla" },
      });
      expect(news.status).toBe(200);
      return (await news.json()).items.filter((n: { publishedAt: number }) => n.publishedAt >= weekStart)
        .length;
    };
    const before = await storiesInWeek();
    expect(before).toBeGreaterThanOrEqual(body.tickers[1].week.articles);
    await platformIdle();
    setCachesEnabled(false);
    // On again even if the read throws: later files of this worker share the caches (not isolated).
    const scored = (await Sentiment.forTicker("TSLA").finally(() => setCachesEnabled(true))).week.articles;
    expect(scored).toBeGreaterThanOrEqual(before);
    expect(scored).toBeLessThanOrEqual(await storiesInWeek());

    // Reads right after are the cache's (right after a run it keeps answers 10 s, so of two more reads one
    // at least falls in the first one's slot): the same answer, counted as hits in /api/metrics.
    for (let i = 0; i < 2; i++) expect(await (await read()).json()).toEqual(body);
    const admin = await member("mx");
    const { Actor } = await import("@bourse/core/actor");
    const { User } = await import("@bourse/core/user");
    await Actor.system("test", () => User.setRole(admin.tokens.user.id, "admin"));
    const exposition = await (
      await client.send(metrics, "/api/metrics", { headers: admin.bearer, cookies: false })
    ).text();
    expect(exposition).toMatch(/bourse_cache_requests_total\{cache="sentiment",result="hit"[^}]*\} [1-9]/);
  });

  it("is owner-scoped: another visitor's list, an unknown or malformed id is 404; no session is 401", async () => {
    const owner = await guest();
    const created = await owner.send(createWatchlist, "/api/watchlists", {
      body: { name: "Mine", tickers: ["MSFT"] },
    });
    const { id } = (await created.json()).watchlist;
    const stranger = await guest();
    for (const [who, listID] of [
      [stranger, id],
      [owner, "01ARZ3NDEKTSV4RRFFQ69G5FAV"],
      [owner, "../../etc"],
    ] as const) {
      const response = await who.send(GET, `/api/watchlists/${listID}/sentiment`, { params: { id: listID } });
      expect(response.status).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
    const nobody = await new Client().send(GET, `/api/watchlists/${id}/sentiment`, { params: { id } });
    expect(nobody.status).toBe(401);
    expect(await nobody.json()).toMatchObject({ error: { code: expect.any(String) } });
  });
});

describe("GET /api/tickers/{symbol}/news", () => {
  it("refuses an unlisted symbol (404 unknown_ticker) and a forged cursor (400)", async () => {
    const client = new Client();
    const unknown = await client.send(tickerNews, "/api/tickers/ZZZZQ/news", { params: { symbol: "ZZZZQ" } });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("unknown_ticker");
    const forged = await client.send(tickerNews, "/api/tickers/AAPL/news?cursor=xyz", {
      params: { symbol: "AAPL" },
    });
    expect(forged.status).toBe(400);
    const bad = await client.send(tickerNews, "/api/tickers/AAPL/news?limit=1000", {
      params: { symbol: "AAPL" },
    });
    expect(bad.status).toBe(400);
  });
});
