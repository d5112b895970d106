import { describe, expect, it } from "vitest";
import { Condition, holds, type Observed } from "./rule";

const observed = (hour: number | null, day: number | null, thisHour = 0): Observed => ({
  hour: { score: hour, articles: hour === null ? 0 : 3 },
  day: { score: day, articles: day === null ? 0 : 9 },
  thisHour,
});
const sentiment = (direction: "above" | "below", threshold: number, window: "hour" | "day") =>
  Condition.parse({ kind: "sentiment", direction, threshold, window });

describe("alert conditions", () => {
  it("sentiment above/below a threshold, strictly, over the chosen window", () => {
    expect(holds(sentiment("above", 0.3, "hour"), observed(0.31, -0.5))).toMatch(
      /sentiment 0.31 over the last hour/,
    );
    expect(holds(sentiment("above", 0.3, "hour"), observed(0.3, 0.9))).toBeUndefined();
    expect(holds(sentiment("above", 0.3, "day"), observed(-0.9, 0.9))).toMatch(/over the last day/);
    expect(holds(sentiment("below", -0.2, "day"), observed(-0.9, -0.19))).toBeUndefined();
    expect(holds(sentiment("below", -0.2, "hour"), observed(-0.21, 0))).toBeDefined();
  });

  it("never fires on a window without articles", () => {
    expect(holds(sentiment("below", 1, "hour"), observed(null, 0.5))).toBeUndefined();
    expect(holds(sentiment("above", -1, "day"), observed(0.5, null))).toBeUndefined();
  });

  it("volume fires above N articles this hour, not at N", () => {
    const volume = Condition.parse({ kind: "volume", perHour: 5 });
    expect(holds(volume, observed(0, 0, 5))).toBeUndefined();
    expect(holds(volume, observed(0, 0, 6))).toBe("6 articles this hour");
  });

  it("refuses thresholds outside [-1, 1] and negative volumes", () => {
    expect(
      Condition.safeParse({ kind: "sentiment", direction: "above", threshold: 1.5, window: "hour" }).success,
    ).toBe(false);
    expect(
      Condition.safeParse({ kind: "sentiment", direction: "up", threshold: 0, window: "hour" }).success,
    ).toBe(false);
    expect(Condition.safeParse({ kind: "volume", perHour: -1 }).success).toBe(false);
    expect(Condition.safeParse({ kind: "volume", perHour: 2.5 }).success).toBe(false);
  });
});
