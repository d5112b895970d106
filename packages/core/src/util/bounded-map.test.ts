import { describe, expect, it } from "vitest";
import { BoundedMap } from "./bounded-map";

describe("BoundedMap", () => {
  it("holds at most its size, dropping the entry set longest ago; setting a key again makes it newest", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2);
    map.set("a", 3); // a is now the newest
    map.set("c", 4); // so b goes
    expect([...map]).toEqual([
      ["a", 3],
      ["c", 4],
    ]);
    map.set("c", 5); // already there: nothing else goes
    expect([...map.keys()]).toEqual(["a", "c"]);
  });
});
