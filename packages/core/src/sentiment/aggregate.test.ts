import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR_MS, hourOf, labelOf, seriesOf, trendOf, windowOf } from "./aggregate";

const now = Date.UTC(2031, 2, 10, 14, 30);
const h = hourOf(now);

describe("windows and trend", () => {
  it("folds the hours of each window into a mean, its label and a count", () => {
    const rows = [
      { hour: h, sum: 1.6, count: 2 }, // this hour
      { hour: h - 1, sum: -0.2, count: 1 }, // the hour before
      { hour: h - 23, sum: -0.9, count: 3 }, // the day's first hour
      { hour: h - 24, sum: -3, count: 3 }, // outside the day
      { hour: h - 7 * 24, sum: 5, count: 5 }, // outside the week
      { hour: h + 1, sum: 9, count: 9 }, // the future (a clock ahead): not counted
    ];
    expect(windowOf(rows, now, 2)).toEqual({ score: 0.467, label: "bullish", articles: 3 });
    expect(windowOf(rows, now, 24)).toEqual({ score: 0.083, label: "neutral", articles: 6 });
    expect(windowOf(rows, now, 7 * 24)).toEqual({ score: -0.278, label: "bearish", articles: 9 });
    expect(windowOf([], now, 24)).toEqual({ score: null, label: null, articles: 0 });
    expect(trendOf(windowOf(rows, now, 24), windowOf(rows, now, 168))).toEqual({
      delta: 0.361,
      direction: "rising",
    });
    expect(trendOf(windowOf([], now, 24), windowOf(rows, now, 168))).toEqual({
      delta: null,
      direction: "steady",
    });
    expect(seriesOf(rows, now).map((p) => [(p.hour - h * HOUR_MS) / HOUR_MS, p.score, p.articles])).toEqual([
      [-24, -1, 3],
      [-23, -0.3, 3],
      [-1, -0.2, 1],
      [0, 0.8, 2],
    ]);
  });

  it("labels a mean by its sign beyond the threshold, and every window's mean stays in [-1, 1]", () => {
    expect([labelOf(0.5), labelOf(-0.5), labelOf(0.1), labelOf(-0.1)]).toEqual([
      "bullish",
      "bearish",
      "neutral",
      "neutral",
    ]);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            hour: fc.integer({ min: h - 200, max: h }),
            scores: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
          }),
        ),
        (hours) => {
          const rows = hours.map((r) => ({
            hour: r.hour,
            sum: r.scores.reduce((a, b) => a + b, 0),
            count: r.scores.length,
          }));
          const week = windowOf(rows, now, 168);
          if (week.score !== null) {
            expect(Math.abs(week.score)).toBeLessThanOrEqual(1);
            expect(week.label).toBe(labelOf(week.score));
          }
          expect(week.articles).toBe(rows.filter((r) => r.hour > h - 168).reduce((n, r) => n + r.count, 0));
        },
      ),
    );
  });
});
