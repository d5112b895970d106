import { describe, expect, it } from "vitest";
import { isReadable } from "./shards";

describe("isReadable", () => {
  const parent = { shardId: "s1" };
  const child = { shardId: "s2", parentShardId: "s1" };
  const listed = new Set(["s1", "s2"]);

  it("reads a shard without a parent at once", () => {
    expect(isReadable(parent, listed, new Set())).toBe(true);
  });

  it("reads a child only once its parent is drained", () => {
    expect(isReadable(child, listed, new Set())).toBe(false);
    expect(isReadable(child, listed, new Set(["s1"]))).toBe(true);
  });

  it("reads a child whose parent was trimmed from the stream", () => {
    expect(isReadable(child, new Set(["s2"]), new Set())).toBe(true);
  });
});
