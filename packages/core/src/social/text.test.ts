import { describe, expect, it } from "vitest";
import * as Notification from "./notification";
import * as Post from "./post";
import { length, parse, tokenize } from "./text";

describe("caption text", () => {
  it("finds #tags and @mentions, lower-cased and once each, but not in emails, C# or entities", () => {
    const caption =
      "Gold #Market with @Ana_1 and @bob_2! #market again, mail me@example.com, C# &#38; #日本 @ab";
    expect(parse(caption)).toEqual({ tags: ["market", "日本"], mentions: ["ana_1", "bob_2"] });
    expect(parse("")).toEqual({ tags: [], mentions: [] });
    expect(parse(`#${"a".repeat(65)} @${"b".repeat(31)}`)).toEqual({ tags: [], mentions: [] });
  });

  it("counts characters as people see them, so 500 emoji make a valid caption and 501 do not", () => {
    expect("😀".length).toBe(2);
    expect(length("😀")).toBe(1);
    expect(Post.Caption.safeParse("😀".repeat(500)).success).toBe(true);
    expect(Post.Caption.safeParse("😀".repeat(501)).success).toBe(false);
    expect(Post.Caption.parse("  trimmed  ")).toBe("trimmed");
  });
});

describe("notification summaries", () => {
  it("names the latest actor and counts the others", () => {
    expect(Notification.summary("like", ["Ana"], 1)).toBe("Ana liked your post");
    expect(Notification.summary("like", ["Ana", "Bo"], 2)).toBe("Ana and Bo liked your post");
    expect(Notification.summary("like", ["Ana", "Bo", "Cy"], 3)).toBe("Ana and 2 others liked your post");
    expect(Notification.summary("follow", ["Ana", "Bo", "Cy"], 41)).toBe(
      "Ana and 40 others started following you",
    );
    expect(Notification.summary("comment", ["Ana"], 1)).toBe("Ana commented on your post");
    expect(Notification.summary("mention", ["Ana"], 1)).toBe("Ana mentioned you in a post");
  });

  it("groups likes, comments and mentions per post and new followers per day", () => {
    const postID = "01JD0000000000000000000000";
    const at = Date.UTC(2030, 0, 2, 23, 59);
    expect(Notification.groupKey({ type: "like", postID, at })).toBe(`like_${postID}`);
    expect(Notification.groupKey({ type: "follow", at })).toBe("follow_20300102");
    expect(Notification.groupKey({ type: "follow", at: at + 60_000 })).toBe("follow_20300103");
  });
});

describe("tokenize", () => {
  const samples = [
    "Sunset #Gold #gold with @Ana_1 and @bo",
    "C# and &#38; are not tags; mail me at ana@example.com",
    "#début #日本 #a_b-c @x.y @abc.def (@zed_99) #",
    "@@double ##double #tag@mention @mention#tag",
    "no tokens at all",
    "",
  ];

  it("keeps every character, in order", () => {
    for (const text of samples)
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
