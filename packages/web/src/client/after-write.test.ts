import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { refetchAfterWrite } from "./after-write";

/**
 * A mounted list whose reads the test answers by hand. The store is an array; each read answers what it
 * held when the read started (as a table read that went out before a write does).
 */
function list() {
  const store: string[] = [];
  const pending: (() => void)[] = [];
  let reads = 0;
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const observer = new QueryObserver(client, {
    queryKey: ["history"],
    queryFn: () => {
      reads++;
      const seen = [...store];
      return new Promise<string[]>((resolve) => pending.push(() => resolve(seen)));
    },
  });
  const unsubscribe = observer.subscribe(() => {});
  /** Answers every read, as they come, until `work` is done. */
  const answerUntil = async (work: Promise<unknown>) => {
    let done = false;
    void work.finally(() => {
      done = true;
    });
    while (!done) {
      pending.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return {
    store,
    reads: () => reads,
    data: () => client.getQueryData(["history"]),
    refetchAfterWrite: () => answerUntil(refetchAfterWrite(client, ["history"])),
    invalidate: () => answerUntil(client.invalidateQueries({ queryKey: ["history"] })),
    load: () => answerUntil(client.fetchQuery({ queryKey: ["history"] })),
    unsubscribe,
  };
}

describe("refetchAfterWrite", () => {
  it("reads again after a write that answered while the list's first read was in flight (seen on /calc)", async () => {
    const history = list();
    expect(history.reads()).toBe(1); // the first load went out with the write
    history.store.push("1.5 × -4 × 0.1 = -0.6");
    await history.refetchAfterWrite();
    expect(history.reads()).toBe(2);
    expect(history.data()).toEqual(["1.5 × -4 × 0.1 = -0.6"]);
    history.unsubscribe();
  });

  it("is needed: a bare invalidation keeps the first read's stale answer", async () => {
    const history = list();
    history.store.push("written");
    await history.invalidate();
    expect(history.reads()).toBe(1);
    expect(history.data()).toEqual([]);
    history.unsubscribe();
  });

  it("reads a list that has data again, once", async () => {
    const history = list();
    await history.load();
    history.store.push("second");
    await history.refetchAfterWrite();
    expect(history.reads()).toBe(2);
    expect(history.data()).toEqual(["second"]);
    history.unsubscribe();
  });
});
