import { describe, expect, it } from "vitest";
import { check } from "./event";
import { DEFAULT, type Rules } from "./rules";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const valid = {
  orderId: "A-1_b",
  symbol: "aapl",
  side: "buy",
  quantity: 100,
  type: "limit",
  price: "187.25",
  eventTime: "2026-12-01T11:59:00Z",
};
const reasons = (event: unknown, rules: Partial<Rules> = {}) => {
  const c = check(event, { ...DEFAULT, ...rules }, NOW);
  return c.ok ? [] : c.reasons;
};

describe("an order event against the partner's rules", () => {
  it("accepts a valid event, normalised (symbol upper-cased, price a plain decimal, time in ms)", () => {
    const c = check({ ...valid, price: 187.5, clientRef: "x" }, DEFAULT, NOW);
    expect(c).toMatchObject({
      ok: true,
      order: { orderId: "A-1_b", symbol: "AAPL", price: "187.5", eventTime: NOW - 60_000, clientRef: "x" },
    });
    expect(check({ ...valid, type: "market", price: undefined }, DEFAULT, NOW).ok).toBe(true);
  });

  it("says missing_field for each required field absent, and for a price a non-market order lacks", () => {
    for (const field of ["orderId", "symbol", "side", "quantity", "type", "eventTime"])
      expect(reasons({ ...valid, [field]: undefined }), field).toEqual(["missing_field"]);
    expect(reasons({ ...valid, price: undefined })).toEqual(["missing_field"]);
    expect(reasons({ ...valid, type: "stop", price: null })).toEqual(["missing_field"]);
  });

  it("says bad_value for malformed fields", () => {
    const bad: Record<string, unknown[]> = {
      orderId: ["", "x".repeat(65), "a b", 7],
      symbol: [12, "TOO-LONG-SYMBOL", "A B"],
      side: ["hold", 1],
      quantity: [0, -3, 1.5, "10", 2 ** 60],
      type: ["iceberg"],
      price: ["-1", "0", "1e5", "abc", 0, Number.NaN],
      eventTime: ["yesterday", "2026-12-01", "2026-12-01T11:00:00", 1764590400000],
      clientRef: [5, "x".repeat(129)],
    };
    for (const [field, values] of Object.entries(bad))
      for (const value of values)
        expect(reasons({ ...valid, [field]: value }), `${field}=${value}`).toEqual(["bad_value"]);
    expect(reasons("not an object")).toContain("bad_value");
  });

  it("says unknown_symbol for a symbol not on the exchange list, symbol_not_allowed outside the partner's list", () => {
    expect(reasons({ ...valid, symbol: "QQQQQZ" })).toEqual(["unknown_symbol"]);
    expect(reasons(valid, { symbols: ["MSFT"] })).toEqual(["symbol_not_allowed"]);
    expect(reasons(valid, { symbols: ["MSFT", "AAPL"] })).toEqual([]);
  });

  it("says quantity_too_large and notional_too_large past the partner's limits (equal is fine)", () => {
    expect(reasons(valid, { maxQuantity: 99 })).toEqual(["quantity_too_large"]);
    expect(reasons(valid, { maxQuantity: 100 })).toEqual([]);
    expect(reasons(valid, { maxNotional: "18724.99" })).toEqual(["notional_too_large"]);
    expect(reasons(valid, { maxNotional: "18725" })).toEqual([]);
    expect(reasons({ ...valid, type: "market", price: undefined }, { maxNotional: "1" })).toEqual([]);
  });

  it("says type_not_allowed for an order type or side the partner may not send", () => {
    expect(reasons(valid, { types: ["market"] })).toEqual(["type_not_allowed"]);
    expect(reasons(valid, { sides: ["sell"] })).toEqual(["type_not_allowed"]);
  });

  it("says event_in_future past 5 minutes ahead of receipt, whatever the zone", () => {
    expect(reasons({ ...valid, eventTime: "2026-12-01T12:05:00Z" })).toEqual([]);
    expect(reasons({ ...valid, eventTime: "2026-12-01T12:05:00.001Z" })).toEqual(["event_in_future"]);
    expect(reasons({ ...valid, eventTime: "2026-12-01T13:06:00+01:00" })).toEqual(["event_in_future"]);
  });

  it("gives every reason at once, in a stable order", () => {
    expect(
      reasons(
        { ...valid, symbol: "MSFT", quantity: 1000, side: undefined, type: "stop" },
        { symbols: ["AAPL"], maxQuantity: 10, types: ["limit"] },
      ),
    ).toEqual(["missing_field", "symbol_not_allowed", "quantity_too_large", "type_not_allowed"]);
  });

  it("hashes content: same content, same hash; other content, another", () => {
    const a = check(valid, DEFAULT, NOW);
    const b = check({ ...valid, eventTime: "2026-12-01T12:59:00+01:00" }, DEFAULT, NOW);
    const c = check({ ...valid, quantity: 101 }, DEFAULT, NOW);
    if (!a.ok || !b.ok || !c.ok) throw new Error("valid events");
    expect(a.order.hash).toBe(b.order.hash);
    expect(a.order.hash).not.toBe(c.order.hash);
  });
});
