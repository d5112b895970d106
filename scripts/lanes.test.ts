import { describe, expect, it } from "vitest";
import { inLanes, terminal } from "./lanes";

function recorded() {
  const out: string[] = [];
  return { out, term: terminal((text) => out.push(text)), text: () => out.join("") };
}

describe("steps run at once, each one's output one block", () => {
  it("streams the first step, holds another's until it ends, and lets it out between the live lines", () => {
    const { term, text } = recorded();
    const vitest = term.open("=== vitest\n", "=== vitest, continued\n");
    const lint = term.open("=== lint\n");
    vitest.write("file a ");
    lint.write("lint line 1\n");
    lint.write("lint line 2");
    lint.close();
    // The live step is mid-line: the ended block waits for its line's end.
    expect(text()).toBe("=== vitest\nfile a ");
    vitest.write("ok\n");
    const both = "=== vitest\nfile a ok\n=== lint\nlint line 1\nlint line 2\n=== vitest, continued\n";
    expect(text()).toBe(both);
    vitest.write("file b ok\n");
    vitest.close();
    expect(text()).toBe(`${both}file b ok\n`);
  });

  it("makes the next running step live when the live one ends, its held output first", () => {
    const { term, text } = recorded();
    const first = term.open("=== first\n");
    const second = term.open("=== second\n");
    second.write("early\n");
    first.write("one\n");
    first.close();
    expect(text()).toBe("=== first\none\n=== second\nearly\n");
    second.write("late\n");
    expect(text()).toBe("=== first\none\n=== second\nearly\nlate\n");
    // A step opened after: held while the second is live, out whole once it ends.
    const third = term.open("=== third\n");
    third.write("x\n");
    second.close();
    third.write("y\n");
    third.close();
    expect(text()).toBe("=== first\none\n=== second\nearly\nlate\n=== third\nx\ny\n");
  });

  it("loses no output and ends every block on a line of its own", () => {
    const { term, text } = recorded();
    const a = term.open("[a]\n", "[a, continued]\n");
    const b = term.open("[b]\n");
    b.write("b1");
    b.close();
    a.write("a1");
    a.close();
    expect(text()).toBe("[a]\n[b]\nb1\n[a, continued]\na1\n");
  });

  it("runs lanes at once and each lane's items in order", async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((done) => {
      release = done;
    });
    const results = await inLanes([["slow"], ["x", "y"]], async (item) => {
      events.push(`start ${item}`);
      if (item === "slow") await gate;
      if (item === "y") release();
      events.push(`end ${item}`);
      return item.toUpperCase();
    });
    // "slow" could end only once "y" (after "x", in the other lane) had started: the lanes ran at once.
    expect(events).toEqual(["start slow", "start x", "end x", "start y", "end y", "end slow"]);
    expect(results).toEqual([["SLOW"], ["X", "Y"]]);
  });
});
