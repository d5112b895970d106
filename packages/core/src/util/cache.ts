import { type Clock, systemClock } from "./clock";

/**
 * A read-through cache per instance (one Lambda or server process): a value is loaded once, then served
 * until it is `ttlMs` old or its `version` (what it was loaded against) changes. Hits and misses are
 * counted; every named cache is listed by `caches()` for /api/metrics. `enabled = false` makes every read a
 * miss (benches compare both).
 */
export class ReadThrough<V> {
  hits = 0;
  misses = 0;
  enabled = true;
  private readonly entries = new Map<string, { at: number; version: string; value: V }>();

  constructor(
    readonly name: string,
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: Clock = systemClock,
  ) {
    registry.set(name, this as ReadThrough<unknown>);
  }

  /** The cached value, or `load()`'s (kept unless `keep` refuses it). */
  async get(
    key: string,
    version: string,
    load: () => Promise<V>,
    keep: (value: V) => boolean = () => true,
  ): Promise<V> {
    const at = this.now().getTime();
    const entry = this.enabled ? this.entries.get(key) : undefined;
    if (entry && entry.version === version && at - entry.at < this.ttlMs) {
      this.hits++;
      return entry.value;
    }
    this.misses++;
    const value = await load();
    if (this.enabled && keep(value)) {
      // Oldest out first when full (Map keeps insertion order).
      this.entries.delete(key);
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, { at, version, value });
    }
    return value;
  }

  clear() {
    this.entries.clear();
  }
}

// One registry per process, whatever bundles load this module (Next's route bundles may each have a copy).
const store = globalThis as { __bourseCaches?: Map<string, ReadThrough<unknown>> };
store.__bourseCaches ??= new Map();
const registry = store.__bourseCaches;

/** The instance's caches by name, with their counters. */
export function caches(): ReadonlyMap<string, ReadThrough<unknown>> {
  return registry;
}
