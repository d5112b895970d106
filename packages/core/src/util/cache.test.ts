import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { client, tableName } from "../dynamo";
import { caches, TtlCache } from "./cache";
import { systemClock } from "./clock";

const stats = (name: string) => caches().find((c) => c.name === name)!;

describe("TtlCache", () => {
  it("counts the table reads its loads make, and saves as many per hit as a load costs on average", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const cache = new TtlCache<string>(name, 60_000);
    const read = () =>
      client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: name }, sk: { S: "x" } } }));
    // Two reads per load: one item and its neighbour.
    const load = async () => {
      await read();
      await read();
      return "value";
    };
    await cache.get("a", load, systemClock);
    expect(stats(name)).toMatchObject({ hits: 0, misses: 1, reads: 2, saved: 0 });
    await cache.get("a", load, systemClock);
    await cache.get("a", load, systemClock);
    expect(stats(name)).toMatchObject({ hits: 2, misses: 1, reads: 2, saved: 4 });
    // A read outside any load (or in another cache's) is not this cache's.
    await read();
    await Promise.all([cache.get("b", async () => "none", systemClock), read()]);
    expect(stats(name)).toMatchObject({ misses: 2, reads: 2, saved: 2 });
  });

  it("counts a hit on a written-through entry as one read saved before any load", async () => {
    const name = `test-${crypto.randomUUID()}`;
    const cache = new TtlCache<number>(name, 60_000);
    cache.set("k", 1, systemClock);
    expect(await cache.get("k", async () => 2, systemClock)).toBe(1);
    expect(stats(name)).toMatchObject({ hits: 1, misses: 0, reads: 0, saved: 1 });
  });

  it("after a change through it, loads again rather than answering what it had", async () => {
    const cache = new TtlCache<number>(`test-${crypto.randomUUID()}`, 60_000);
    let stored = 1;
    const load = async () => stored;
    expect(await cache.get("k", load, systemClock)).toBe(1);
    stored = 2;
    expect(await cache.get("k", load, systemClock)).toBe(1);
    cache.invalidate("k");
    expect(await cache.get("k", load, systemClock)).toBe(2);
  });
});
