import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundle } from "../../../../scripts/tickers/bundle";
import * as Ticker from ".";
import data from "./tickers.json";

const symbols = (q: string, limit = 10) => Ticker.search({ q, limit }).map((t) => t.symbol);

describe("Ticker", () => {
  it("is the committed bundle of data/tickers/us-tickers.csv (re-running the script changes nothing)", () => {
    const csv = readFileSync(new URL("../../../../data/tickers/us-tickers.csv", import.meta.url), "utf8");
    const fresh = bundle(csv);
    expect(fresh.rows).toBe(data.rows);
    expect(fresh.exchanges).toEqual(data.exchanges);
    expect(data.rows.split("\n")).toHaveLength(13_104);
  });

  it("gets by exact symbol, case-insensitively; names lose the security kind", () => {
    expect(Ticker.get("aapl")).toEqual({
      symbol: "AAPL",
      name: "Apple Inc.",
      exchange: "NASDAQ",
      etf: false,
    });
    expect(Ticker.get(" jpm ")).toMatchObject({ symbol: "JPM", exchange: "NYSE" });
    expect(Ticker.get("JPM")?.name).not.toMatch(/Common Stock$/);
    expect(Ticker.get("SPY")).toMatchObject({ etf: true, exchange: "NYSEARCA" });
    expect(Ticker.get("BRK.B")?.name).toMatch(/Berkshire Hathaway/);
    expect(Ticker.get("AAP")?.symbol).toBe("AAP"); // no prefix matching here
    expect(Ticker.get("NOPE1")).toBeUndefined();
    expect(() => Ticker.known("nope1")).toThrow(expect.objectContaining({ code: "unknown_ticker" }));
  });

  it("assertKnown names every unknown symbol", () => {
    expect(() => Ticker.assertKnown(["AAPL", "msft"])).not.toThrow();
    expect(() => Ticker.assertKnown(["AAPL", "zzzq1", "QQQQQ", "zzzq1"])).toThrow(
      expect.objectContaining({ code: "unknown_ticker", unknown: ["ZZZQ1", "QQQQQ"] }),
    );
  });

  it("ranks the exact symbol, then symbol prefixes (shortest first), then name-word prefixes", () => {
    const found = symbols("app", 20);
    expect(found[0]).toBe("APP");
    const prefixes = found.filter((s) => s.startsWith("APP"));
    // Every symbol prefix comes before every name match.
    expect(found.slice(0, prefixes.length)).toEqual(prefixes);
    expect(prefixes.map((s) => s.length)).toEqual([...prefixes.map((s) => s.length)].sort((a, b) => a - b));
    expect(found).toContain("AAPL"); // Apple Inc., by the name's word
    expect(found.indexOf("AAPL")).toBeGreaterThan(prefixes.length - 1);
    // Case does not matter.
    expect(symbols("APP", 20)).toEqual(found);
  });

  it("matches the start of any word of the name, and phrases across words", () => {
    expect(symbols("microsoft")).toContain("MSFT");
    expect(symbols("hathaway")).toEqual(expect.arrayContaining(["BRK.A", "BRK.B"]));
    expect(symbols("berkshire hath")).toEqual(expect.arrayContaining(["BRK.A", "BRK.B"]));
    expect(symbols("soft micro")).not.toContain("MSFT");
    // A name that starts with the query beats one whose later word does.
    const tesla = Ticker.search({ q: "tesla", limit: 50 });
    expect(tesla[0]?.symbol).toBe("TSLA");
  });

  it("honours the limit and validates its input", () => {
    expect(symbols("a", 7)).toHaveLength(7);
    expect(symbols("a", 7)[0]).toBe("A");
    expect(() => Ticker.search({ q: " ", limit: 5 })).toThrow(
      expect.objectContaining({ code: "validation_failed" }),
    );
    expect(() => Ticker.search({ q: "a", limit: 500 })).toThrow(
      expect.objectContaining({ code: "validation_failed" }),
    );
  });
});
