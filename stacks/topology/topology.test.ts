import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { placeholderEnv } from "../local/env";
import { allHandlers, buckets, crons, subscribers } from "./index";

const root = join(import.meta.dirname, "../..");

describe("topology", () => {
  it.each(allHandlers())("handler %s resolves to an exported function", async (path) => {
    // Handlers read Resource.* when they load, as on Lambda: give them a (never contacted) environment.
    Object.assign(process.env, placeholderEnv("topology-test"));
    const dot = path.lastIndexOf(".");
    const file = join(root, `${path.slice(0, dot)}.ts`);
    expect(existsSync(file), file).toBe(true);
    const module = await import(file);
    expect(typeof module[path.slice(dot + 1)]).toBe("function");
  });

  it("names every subscriber, cron and notification once", () => {
    const names = [
      ...subscribers.map((s) => s.name),
      ...crons.map((c) => c.name),
      ...Object.values(buckets).flatMap((b) =>
        "notifications" in b ? b.notifications.map((n) => n.name) : [],
      ),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every subscriber a batch size and retry policy Lambda accepts", () => {
    for (const s of subscribers) {
      expect(s.batchSize).toBeGreaterThanOrEqual(1);
      expect(s.batchSize).toBeLessThanOrEqual(10_000);
      expect(s.maxRetries).toBeGreaterThanOrEqual(0);
      expect(s.maxRetries).toBeLessThanOrEqual(10_000);
      expect(s.filters.length).toBeLessThanOrEqual(5); // Lambda's limit of filters per event source mapping
      for (const f of s.filters) expect(JSON.stringify(f).length).toBeLessThanOrEqual(4096);
    }
  });
});
