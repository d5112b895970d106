import type { Clock } from "./clock";

/**
 * An in-memory read-through cache for one instance (a Lambda, a Next server), entries kept `ttlMs`.
 * Each cache is named and counts its hits and misses; `caches()` lists them all, so the metrics endpoint
 * exposes every cache without knowing which exist. Changes made through this instance invalidate;
 * changes made elsewhere are seen once the entry expires.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /** Moved by every invalidation: a load that started before one must not store what it read. */
  private epoch = 0;
  /** Loads under way: concurrent misses of a key share one read, unless an invalidation came between. */
  private readonly loading = new Map<string, { epoch: number; value: Promise<V> }>();
  hits = 0;
  misses = 0;
  /** Off, every read is a miss and nothing is kept (benches compare both: `setCachesEnabled`). */
  enabled = true;

  constructor(
    readonly name: string,
    readonly ttlMs: number,
    /** Entries kept at most; the oldest goes first (a Map keeps insertion order). */
    readonly maxEntries = 10_000,
  ) {
    registry.set(name, this);
  }

  /** The cached value, else `load()`'s, kept unless `keep` refuses it (an empty answer worth re-asking). */
  async get(key: string, load: () => Promise<V>, now: Clock, keep?: (value: V) => boolean): Promise<V> {
    const at = now().getTime();
    const entry = this.enabled ? this.entries.get(key) : undefined;
    if (entry && entry.until > at) {
      this.hits++;
      return entry.value;
    }
    const pending = this.enabled ? this.loading.get(key) : undefined;
    if (pending && pending.epoch === this.epoch) {
      this.hits++;
      return pending.value;
    }
    this.misses++;
    const epoch = this.epoch;
    const loaded = load();
    if (this.enabled) this.loading.set(key, { epoch, value: loaded });
    let value: V;
    try {
      value = await loaded;
    } finally {
      if (this.loading.get(key)?.value === loaded) this.loading.delete(key);
    }
    if (epoch !== this.epoch || !this.enabled || (keep && !keep(value))) return value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: at + this.ttlMs });
    return value;
  }

  /** Write-through: what this instance just wrote is what it reads next, without a table read. */
  set(key: string, value: V, now: Clock): void {
    if (!this.enabled) return;
    this.epoch++;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: now().getTime() + this.ttlMs });
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.loading.clear();
  }

  invalidate(key: string): void {
    this.epoch++;
    this.entries.delete(key);
  }

  /** Drops every entry whose value passes `test` (when the key does not name what changed). */
  invalidateIf(test: (value: V) => boolean): void {
    this.epoch++;
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }
}

const registry = new Map<string, TtlCache<unknown>>();

/** Every cache of this instance, with its counters; each hit is a table read saved. */
export function caches(): { name: string; hits: number; misses: number; saved: number }[] {
  return [...registry.values()].map(({ name, hits, misses }) => ({ name, hits, misses, saved: hits }));
}

/** Turns every cache of this instance on or off (off also empties them). */
export function setCachesEnabled(enabled: boolean): void {
  for (const cache of registry.values()) {
    cache.enabled = enabled;
    if (!enabled) cache.clear();
  }
}
