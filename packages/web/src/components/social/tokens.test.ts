import { Text } from "@bourse/core/social";
import { describe, expect, it } from "vitest";
import { tokenize } from "./tokens";

const SAMPLES = [
  "Sunset #Gold #gold with @Ana_1 and @bo",
  "C# and &#38; are not tags; mail me at ana@example.com",
  "#début #日本 #a_b-c @x.y @abc.def (@zed_99) #",
  "@@double ##double #tag@mention @mention#tag",
  "no tokens at all",
  "",
];

describe("tokenize", () => {
  it("finds exactly the tags and mentions core finds", () => {
    for (const text of SAMPLES) {
      const tokens = tokenize(text);
      const tags = [...new Set(tokens.flatMap((t) => (t.kind === "tag" ? [t.tag] : [])))];
      const mentions = [...new Set(tokens.flatMap((t) => (t.kind === "mention" ? [t.handle] : [])))];
      expect({ text, tags, mentions }).toEqual({ text, ...Text.parse(text) });
    }
  });

  it("keeps every character, in order", () => {
    for (const text of SAMPLES)
      expect(
        tokenize(text)
          .map((t) => t.text)
          .join(""),
      ).toBe(text);
  });

  it("cuts text around tokens", () => {
    expect(tokenize("Hi @Ana_1, see #Gold!")).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "mention", text: "@Ana_1", handle: "ana_1" },
      { kind: "text", text: ", see " },
      { kind: "tag", text: "#Gold", tag: "gold" },
      { kind: "text", text: "!" },
    ]);
  });
});
