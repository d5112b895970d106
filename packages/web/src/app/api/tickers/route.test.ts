import { describe, expect, it } from "vitest";
import { Client } from "@/server/auth.testing";
import { GET as ticker } from "./[symbol]/route";
import { GET as tickers } from "./route";

async function errorOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return (await response.json()).error as { code: string };
}

describe("/api/tickers", () => {
  it("searches, best matches first, and gets one by symbol (404 unknown_ticker otherwise)", async () => {
    const client = new Client();
    const found = await client.send(tickers, "/api/tickers?q=msft&limit=3");
    expect(found.status).toBe(200);
    const { items } = await found.json();
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      symbol: "MSFT",
      name: expect.any(String),
      exchange: expect.any(String),
      etf: expect.any(Boolean),
    });
    const one = await client.send(ticker, "/api/tickers/aapl", { params: { symbol: "aapl" } });
    expect(await one.json()).toEqual({
      ticker: { symbol: "AAPL", name: "Apple Inc.", exchange: "NASDAQ", etf: false },
    });
    const none = await client.send(ticker, "/api/tickers/NOPE1", { params: { symbol: "NOPE1" } });
    expect((await errorOf(none, 404)).code).toBe("unknown_ticker");
    for (const q of ["", `q=${"x".repeat(61)}`, "q=a&limit=0", "q=a&limit=abc"])
      expect((await errorOf(await client.send(tickers, `/api/tickers?${q}`), 400)).code).toBe(
        "validation_failed",
      );
  });
});
