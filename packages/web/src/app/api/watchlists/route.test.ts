import { Resource } from "sst";
import { describe, expect, it } from "vitest";
import { POST as anonymous } from "@/app/api/auth/anonymous/route";
import { POST as signup } from "@/app/api/auth/signup/route";
import { GET as metrics } from "@/app/api/metrics/route";
import { Client, member, unique } from "@/server/auth.testing";
import { GET as history } from "./[id]/history/route";
import { GET as getOne, PATCH as patch, DELETE as remove } from "./[id]/route";
import { GET, POST, PUT } from "./route";

async function guest() {
  const client = new Client();
  expect((await client.send(anonymous, "/api/auth/anonymous", { method: "POST" })).status).toBe(201);
  return client;
}

const create = (client: Client, body: unknown, headers?: Record<string, string>) =>
  client.send(POST, "/api/watchlists", { body, headers });

async function errorOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()).error as { code: string; message: string; details?: unknown };
}

describe("/api/watchlists", () => {
  it("lets a guest create (201), list, read, rename, retick, delete (204) and read the history", async () => {
    const client = await guest();
    const created = await create(client, { name: "Megacaps", tickers: ["aapl", "msft"] });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { watchlist } = await created.json();
    expect(watchlist).toEqual({
      id: expect.any(String),
      name: "Megacaps",
      tickers: ["AAPL", "MSFT"],
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    const path = `/api/watchlists/${watchlist.id}`;
    const params = { id: watchlist.id };
    expect(await (await client.send(GET, "/api/watchlists")).json()).toEqual({ items: [watchlist] });
    expect(await (await client.send(getOne, path, { params })).json()).toEqual({ watchlist });

    const renamed = await client.send(patch, path, { method: "PATCH", body: { name: "Big" }, params });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).watchlist).toMatchObject({ name: "Big", tickers: ["AAPL", "MSFT"] });
    const retickered = await client.send(patch, path, {
      method: "PATCH",
      body: { tickers: ["spy"] },
      params,
    });
    expect((await retickered.json()).watchlist).toMatchObject({ name: "Big", tickers: ["SPY"] });

    const deleted = await client.send(remove, path, { method: "DELETE", params });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect(await (await client.send(GET, "/api/watchlists")).json()).toEqual({ items: [] });
    expect((await errorOf(await client.send(getOne, path, { params }), 404)).code).toBe("not_found");

    const trail = await client.send(history, `${path}/history`, { params });
    expect(trail.status).toBe(200);
    const { items } = await trail.json();
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "rename",
      "change_tickers",
      "delete",
    ]);
    expect(items[1]).toMatchObject({
      at: expect.any(Number),
      actor: expect.any(String),
      before: { name: "Megacaps", tickers: ["AAPL", "MSFT"] },
      after: { name: "Big", tickers: ["AAPL", "MSFT"] },
    });
  });

  it("refuses a third list (409 watchlist_limit), 6 tickers (400), unknown symbols (400 naming them)", async () => {
    const { bearer } = await member("wl");
    const client = new Client();
    const six = { name: "six", tickers: ["AAPL", "MSFT", "GOOG", "AMZN", "META", "NVDA"] };
    expect((await errorOf(await create(client, six, bearer), 400)).code).toBe("validation_failed");
    const unknown = await errorOf(
      await create(client, { name: "x", tickers: ["AAPL", "nope1", "zzzzq"] }, bearer),
      400,
    );
    expect(unknown).toMatchObject({ code: "unknown_ticker", details: { unknown: ["NOPE1", "ZZZZQ"] } });
    expect(unknown.message).toContain("NOPE1");
    expect((await create(client, { name: "one", tickers: ["AAPL"] }, bearer)).status).toBe(201);
    expect((await create(client, { name: "two", tickers: ["AAPL"] }, bearer)).status).toBe(201);
    expect(
      (await errorOf(await create(client, { name: "three", tickers: ["AAPL"] }, bearer), 409)).code,
    ).toBe("watchlist_limit");
  });

  it("answers bad input with JSON 4xx, never a 500", async () => {
    const client = await guest();
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "invalid_json"],
      [[], 400, "validation_failed"],
      [{ name: "x" }, 400, "validation_failed"],
      [{ name: "x", tickers: "AAPL" }, 400, "validation_failed"],
      [{ name: 7, tickers: ["AAPL"] }, 400, "validation_failed"],
      [{ name: "x", tickers: ["AAPL", "aapl"] }, 400, "validation_failed"],
      [{ name: "x", tickers: ["<script>"] }, 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases)
      expect((await errorOf(await create(client, body), status)).code).toBe(code);
    const text = await client.send(POST, "/api/watchlists", {
      body: "x",
      headers: { "content-type": "text/plain" },
    });
    expect((await errorOf(text, 415)).code).toBe("unsupported_media_type");
    expect((await errorOf(await client.send(PUT, "/api/watchlists", { method: "PUT" }), 405)).code).toBe(
      "method_not_allowed",
    );
    const made = await (await create(client, { name: "ok", tickers: ["AAPL"] })).json();
    const params = { id: made.watchlist.id };
    const path = `/api/watchlists/${made.watchlist.id}`;
    for (const body of [{}, { name: "" }, { extra: 1 }, { tickers: [] }])
      expect(
        (await errorOf(await client.send(patch, path, { method: "PATCH", body, params }), 400)).code,
      ).toBe("validation_failed");
    for (const id of ["nope", "01HZZZZZZZZZZZZZZZZZZZZZZZ", "%00"])
      expect(
        (await errorOf(await client.send(getOne, `/api/watchlists/x`, { params: { id } }), 404)).code,
      ).toBe("not_found");
  });

  it("is owner-scoped: another owner's id is a 404 for every verb; nobody at all is a 401", async () => {
    const alice = await guest();
    const bob = await guest();
    const { watchlist } = await (await create(alice, { name: "alice", tickers: ["AAPL"] })).json();
    const params = { id: watchlist.id };
    const path = `/api/watchlists/${watchlist.id}`;
    for (const response of [
      await bob.send(getOne, path, { params }),
      await bob.send(patch, path, { method: "PATCH", body: { name: "bob" }, params }),
      await bob.send(remove, path, { method: "DELETE", params }),
      await bob.send(history, `${path}/history`, { params }),
    ])
      expect((await errorOf(response, 404)).code).toBe("not_found");
    expect((await (await alice.send(getOne, path, { params })).json()).watchlist.name).toBe("alice");
    expect((await errorOf(await new Client().send(GET, "/api/watchlists"), 401)).code).toBe("unauthorized");
  });

  it("keeps a guest's list through sign-up", async () => {
    const client = await guest();
    const { watchlist } = await (await create(client, { name: "keep me", tickers: ["TSLA"] })).json();
    const who = unique("wlsu");
    const signed = await client.send(signup, "/api/auth/signup", { body: who });
    expect(signed.status).toBe(201);
    expect((await signed.json()).user.kind).toBe("member");
    expect(await (await client.send(GET, "/api/watchlists")).json()).toEqual({ items: [watchlist] });
  });

  it("exposes the cache's hits and misses in /api/metrics", async () => {
    const client = await guest();
    await client.send(GET, "/api/watchlists");
    await client.send(GET, "/api/watchlists");
    const scraped = await new Client().send(metrics, "/api/metrics", {
      headers: { authorization: `Bearer ${Resource.MetricsScrapeToken.value}` },
    });
    const text = await scraped.text();
    const count = (result: string) =>
      Number(
        new RegExp(`bourse_cache_requests_total\\{cache="watchlists",result="${result}"\\} (\\d+)`).exec(
          text,
        )?.[1],
      );
    expect(count("hit")).toBeGreaterThanOrEqual(1);
    expect(count("miss")).toBeGreaterThanOrEqual(1);
  });
});
