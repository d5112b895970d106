import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Raw, type Reason, Validator } from "./row";

const good: Raw = {
  symbol: "AAPL",
  datetime: "2017-09-01",
  open: "10",
  high: "12",
  low: "9",
  close: "11",
  volume: "100",
};
const reasonsOf = (raw: Raw, validator = new Validator("2026-12-01")) => {
  const outcome = validator.check(raw);
  return "reasons" in outcome ? outcome.reasons : [];
};

describe("price row rules", () => {
  it("a good row passes with numbers", () => {
    expect(new Validator("2026-12-01").check(good)).toEqual({
      valid: { symbol: "AAPL", datetime: "2017-09-01", open: 10, high: 12, low: 9, close: 11, volume: 100 },
    });
    expect(reasonsOf({ ...good, open: 10.5, volume: 0 })).toEqual([]);
  });

  it("says each reason, and every reason of a row", () => {
    const cases: [Partial<Raw>, Reason[]][] = [
      [{ close: undefined }, ["missing_field"]],
      [{ volume: "" }, ["missing_field"]],
      [{ symbol: undefined }, ["missing_field"]],
      [{ open: "ten" }, ["not_a_number"]],
      [{ volume: "1e" }, ["not_a_number"]],
      [{ open: "0", low: "0" }, ["non_positive_price"]],
      [{ low: "-1" }, ["non_positive_price"]],
      [{ high: "10.5" }, ["high_below_range"]],
      [{ low: "10.5" }, ["low_above_range"]],
      [{ high: "8" }, ["high_below_range", "low_above_range"]],
      [{ volume: "-5" }, ["negative_volume"]],
      [{ datetime: "2017-02-30" }, ["bad_date"]],
      [{ datetime: "01/09/2017" }, ["bad_date"]],
      [{ datetime: "2017-02-29" }, ["bad_date"]],
      [{ datetime: "1900-02-29" }, ["bad_date"]],
      [{ datetime: "2017-13-01" }, ["bad_date"]],
      [{ datetime: "2017-1-01" }, ["bad_date"]],
      [{ datetime: "2027-01-04" }, ["future_date"]],
      [{ open: "x", volume: "-1", datetime: "nope" }, ["not_a_number", "negative_volume", "bad_date"]],
    ];
    for (const [change, reasons] of cases)
      expect(reasonsOf({ ...good, ...change }), JSON.stringify(change)).toEqual(reasons);
  });

  it("a later row of the same symbol and day is a duplicate; the first stays valid", () => {
    const validator = new Validator("2026-12-01");
    expect(reasonsOf(good, validator)).toEqual([]);
    expect(reasonsOf({ ...good, close: "11.5" }, validator)).toEqual(["duplicate"]);
    expect(reasonsOf({ ...good, symbol: "MSFT" }, validator)).toEqual([]);
    // A refused row does not take the day: the next good one for it is valid.
    expect(reasonsOf({ ...good, datetime: "2017-09-04", open: "x" }, validator)).toEqual(["not_a_number"]);
    expect(reasonsOf({ ...good, datetime: "2017-09-04" }, validator)).toEqual([]);
  });

  it("today is not the future; intraday times are days too", () => {
    expect(reasonsOf({ ...good, datetime: "2026-12-01" })).toEqual([]);
    expect(reasonsOf({ ...good, datetime: "2016-02-29" })).toEqual([]);
    expect(reasonsOf({ ...good, datetime: "2000-02-29" })).toEqual([]);
    expect(reasonsOf({ ...good, datetime: "2026-12-01 15:30:00" })).toEqual([]);
    expect(reasonsOf({ ...good, datetime: "2026-12-01 25:00:00" })).toEqual(["bad_date"]);
  });

  it("any row either passes with its numbers or is refused with known reasons", () => {
    const field = fc.oneof(fc.string(), fc.double(), fc.constant(undefined), fc.integer().map(String));
    fc.assert(
      fc.property(
        fc.record({
          symbol: field,
          datetime: field,
          open: field,
          high: field,
          low: field,
          close: field,
          volume: field,
        }),
        (raw) => {
          const outcome = new Validator("2026-12-01").check(raw);
          if ("valid" in outcome) {
            const v = outcome.valid;
            expect(v.high).toBeGreaterThanOrEqual(Math.max(v.open, v.close, v.low));
            expect(v.low).toBeLessThanOrEqual(Math.min(v.open, v.close, v.high));
            expect(Math.min(v.open, v.high, v.low, v.close)).toBeGreaterThan(0);
            expect(v.volume).toBeGreaterThanOrEqual(0);
          } else expect(outcome.reasons.length).toBeGreaterThan(0);
        },
      ),
      { seed: 14, numRuns: 500 },
    );
  });
});
