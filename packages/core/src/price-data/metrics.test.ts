import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compute } from "./analysis";
import { aggregates, symbolMetrics } from "./metrics";
import { realSeries } from "./testing";
import { expectClose } from "./testing/compare";

/** What scripts/price-metrics.py computed, exactly (Fractions), on the same files. */
const fixture = JSON.parse(readFileSync(new URL("./testing/metrics.fixture.json", import.meta.url), "utf8"));

describe("price metrics", () => {
  it("match the independent exact computation on the 12 real series, within 1e-9", () => {
    const bySymbol = new Map(
      Object.entries(realSeries()).map(([symbol, doc]) => [
        symbol,
        doc.values
          .map((v) => ({
            time: v.datetime as string,
            open: Number(v.open),
            high: Number(v.high),
            low: Number(v.low),
            close: Number(v.close),
            volume: Number(v.volume),
          }))
          .reverse(),
      ]),
    );
    const { metrics, aggregates } = compute(bySymbol);
    expect(metrics).toHaveLength(12);
    expectClose(metrics, fixture.symbols);
    expectClose(aggregates, fixture.aggregates);
    expect(aggregates).toMatchObject({ sentiment: "bullish", turbulenceLevel: "low" });
  });

  it("say null or insufficient_data where there are too few rows", () => {
    const few = symbolMetrics({
      symbol: "X",
      dates: ["2017-01-02", "2017-01-03"],
      closes: [10, 11],
      volumes: [1, 1],
    });
    expect(few).toMatchObject({
      change1d: expect.closeTo(0.1, 12),
      change1w: null,
      change1m: null,
      momentum: null,
      volatility20: null,
      volatilityAll: null,
      sma20: null,
      sma50: null,
      trend: "insufficient_data",
      anomalies: [{ kind: "big_move", date: "2017-01-03", value: expect.closeTo(0.1, 12), threshold: 0.05 }],
    });
    expect(aggregates([few])).toMatchObject({
      meanChange1w: null,
      sentiment: "neutral",
      turbulence: null,
      topGainers: [],
    });
  });

  it("call the trend up, down or sideways from SMA20, SMA50 and the last close", () => {
    const days = (n: number) =>
      Array.from(
        { length: n },
        (_, i) =>
          `2017-${String(1 + Math.floor(i / 28)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
      );
    const of = (closes: number[]) =>
      symbolMetrics({ symbol: "X", dates: days(closes.length), closes, volumes: closes.map(() => 1) }).trend;
    const rising = Array.from({ length: 60 }, (_, i) => 100 + i);
    expect(of(rising)).toBe("up");
    expect(of([...rising].reverse())).toBe("down");
    // Rising, then a last close under the SMA20: neither.
    expect(of([...rising.slice(0, 59), 100])).toBe("sideways");
    expect(of(rising.slice(0, 49))).toBe("insufficient_data");
  });
});
