import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../error";
import * as SentimentModel from "../index";
import * as SentimentScoring from "./index";

describe("SentimentScoring.score", () => {
  it("scores 1 to 100 texts of up to 1,000 characters, in order", async () => {
    const texts = ["Acme beats estimates", "x".repeat(1000)];
    expect(await SentimentScoring.score({ texts }, { ip: `model-test-${ulid()}` })).toEqual({
      results: SentimentModel.scoreAll(texts),
    });
  });

  it.each([
    ["no texts", []],
    ["101 texts", Array.from({ length: 101 }, () => "ok")],
    ["a text of 1,001 characters", ["x".repeat(1001)]],
    ["a non-string", [42]],
  ])("refuses %s", (_, texts) => {
    expect(() => SentimentScoring.score({ texts: texts as string[] }, { ip: "203.0.113.1" })).toThrow(
      ValidationError,
    );
  });
});
