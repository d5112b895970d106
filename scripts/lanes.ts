/**
 * How `scripts/test.ts` runs steps at once yet keeps each step's output one readable block: lanes run side
 * by side, each its steps one after the other; one step at a time is live (its output goes out as it
 * comes), the others' output is held and goes out whole, under its header, once it has ended and the live
 * output is at a line's end (the live one's header then comes again, as `continued`). When the live step
 * ends, the next running one goes out and becomes live.
 */

export interface Block {
  write(text: string): void;
  /** The step ended: its held output may go out. */
  close(): void;
}

/** One terminal shared by the steps; `write` is where output goes (stdout). */
export function terminal(write: (text: string) => void) {
  interface Held extends Block {
    header: string;
    continued: string;
    held: string[];
    closed: boolean;
  }
  let live: Held | undefined;
  let atLineEnd = true;
  const waiting: Held[] = [];
  const out = (text: string) => {
    if (!text) return;
    write(text);
    atLineEnd = text.endsWith("\n");
  };
  const release = (block: Held) => {
    out(block.header);
    out(block.held.splice(0).join(""));
    if (block.closed && !atLineEnd) out("\n");
  };
  // Ended blocks go out between the live step's lines; with no live step, the next running one goes live.
  const settle = () => {
    if (live && !atLineEnd) return;
    const ended = waiting.filter((b) => b.closed);
    for (const block of ended) {
      waiting.splice(waiting.indexOf(block), 1);
      release(block);
    }
    if (live && ended.length) out(live.continued);
    if (!live && waiting.length) {
      live = waiting.shift();
      if (live) release(live);
    }
  };
  return {
    /** A step starts: `header` goes out first, when its output does; `continued` after another's block. */
    open(header: string, continued = header): Block {
      const block: Held = {
        header,
        continued,
        held: [],
        closed: false,
        write(text) {
          if (live === block) {
            out(text);
            settle();
          } else block.held.push(text);
        },
        close() {
          block.closed = true;
          if (live === block) {
            if (!atLineEnd) out("\n");
            live = undefined;
          }
          settle();
        },
      };
      waiting.push(block);
      settle();
      return block;
    },
  };
}

/** Runs the lanes at once, each one's items one after the other; results in the order of `lanes`' items. */
export async function inLanes<T, R>(lanes: T[][], run: (item: T) => Promise<R>): Promise<R[][]> {
  return Promise.all(
    lanes.map(async (lane) => {
      const results: R[] = [];
      for (const item of lane) results.push(await run(item));
      return results;
    }),
  );
}
