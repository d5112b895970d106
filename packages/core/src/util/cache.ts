import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "./clock";

/** The load in progress on this async path, so the table reads it makes are counted to its cache. */
const loading = new AsyncLocalStorage<{ reads: number }>();

/** Core's DynamoDB client calls this for every read command: a cache's load gets it counted. */
export function countTableRead(): void {
  const scope = loading.getStore();
  if (scope) scope.reads++;
}

/**
 * An in-memory read-through cache for one instance (a Lambda, a Next server), entries kept `ttlMs`.
 * Each cache is named and counts its hits and misses; `caches()` lists them all, so the metrics endpoint
 * exposes every cache without knowing which exist. Changes made through this instance invalidate;
 * changes made elsewhere are seen once the entry expires.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  /**
   * Loads in flight: concurrent misses of one key share one load (a burst of requests after an entry
   * expires reads the table once, not once per request). Only calls of the load's epoch join it.
   */
  private readonly loading = new Map<string, { epoch: number; value: Promise<V> }>();
  /** Moved by every invalidation: a load that started before one must not store what it read. */
  private epoch = 0;
  hits = 0;
  misses = 0;
  /** Loads run and the table reads they made: a hit saves what a load costs on average. */
  loads = 0;
  loadReads = 0;
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
    const inFlight = this.enabled ? this.loading.get(key) : undefined;
    if (inFlight && inFlight.epoch === this.epoch) {
      this.hits++;
      return inFlight.value;
    }
    this.misses++;
    const epoch = this.epoch;
    const scope = { reads: 0 };
    const loaded = loading.run(scope, load);
    if (this.enabled) this.loading.set(key, { epoch, value: loaded });
    let value: V;
    try {
      value = await loaded;
    } finally {
      if (this.loading.get(key)?.value === loaded) this.loading.delete(key);
    }
    this.loads++;
    this.loadReads += scope.reads;
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

export interface Stats {
  name: string;
  hits: number;
  misses: number;
  /** Table reads its loads (misses) made. */
  reads: number;
  /** Table reads its hits saved: each as many as its loads made on average (1 before any load). */
  saved: number;
}

/** Every cache of this instance, with its counters. */
export function caches(): Stats[] {
  return [...registry.values()].map(({ name, hits, misses, loads, loadReads }) => ({
    name,
    hits,
    misses,
    reads: loadReads,
    saved: Math.round(hits * (loads ? loadReads / loads : 1)),
  }));
}

/** Turns every cache of this instance on or off (off also empties them). */
export function setCachesEnabled(enabled: boolean): void {
  for (const cache of registry.values()) {
    cache.enabled = enabled;
    if (!enabled) cache.clear();
  }
}
