import { AsyncLocalStorage } from "node:async_hooks";
import { BoundedMap } from "./bounded-map";
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
  private readonly entries: BoundedMap<string, { value: V; until: number }>;
  /**
   * Loads in flight: concurrent misses of one key share one load (a burst of requests after an entry
   * expires reads the table once, not once per request). Only calls of the load's epoch join it.
   */
  private readonly loading = new Map<string, { epoch: number; value: Promise<V> }>();
  /** Moved by every invalidation: a load that started before one must not store what it read. */
  private epoch = 0;
  /** Keys not to keep until then (epoch ms): `hold`. */
  private readonly held: BoundedMap<string, number>;
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
    this.entries = new BoundedMap(maxEntries);
    this.held = new BoundedMap(maxEntries);
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
    if (epoch !== this.epoch || !this.enabled || (keep && !keep(value)) || this.isHeld(key, at)) return value;
    this.entries.set(key, { value, until: at + this.ttlMs });
    return value;
  }

  /** The cached value if there is one now (a hit), without loading: a caller that reads otherwise. */
  peek(key: string, now: Clock): V | undefined {
    const entry = this.enabled ? this.entries.get(key) : undefined;
    if (!entry || entry.until <= now().getTime()) return undefined;
    this.hits++;
    return entry.value;
  }

  /**
   * Batch reads (several caches filled by one BatchGet: `readThrough`): the cached values of `keys`, the
   * keys to load (each counted a hit or a miss), and the epoch a load of them must still be in to keep them.
   */
  lookup(keys: string[], now: Clock): { found: Map<string, V>; missing: string[]; epoch: number } {
    const at = now().getTime();
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const entry = this.enabled ? this.entries.get(key) : undefined;
      if (entry && entry.until > at) found.set(key, entry.value);
      else missing.push(key);
    }
    this.hits += found.size;
    this.misses += missing.length;
    return { found, missing, epoch: this.epoch };
  }

  /** What a load of `lookup`'s missing keys found: kept unless an invalidation ran since (`epoch`). */
  keep(values: Map<string, V>, epoch: number, now: Clock, load: { keys: number; reads: number }): void {
    this.loads += load.keys;
    this.loadReads += load.reads;
    if (epoch !== this.epoch || !this.enabled) return;
    const at = now().getTime();
    const until = at + this.ttlMs;
    for (const [key, value] of values) {
      if (!this.isHeld(key, at)) this.entries.set(key, { value, until });
    }
  }

  /** Write-through: what this instance just wrote is what it reads next, without a table read. */
  set(key: string, value: V, now: Clock): void {
    if (!this.enabled) return;
    this.epoch++;
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

  /**
   * Invalidates `key` and keeps nothing for it until `until` (epoch ms): what a subscriber is about to
   * change (a post's count after this instance's like) is read fresh until it has had time to.
   */
  hold(key: string, until: number): void {
    this.invalidate(key);
    this.held.set(key, until);
  }

  private isHeld(key: string, at: number): boolean {
    const until = this.held.get(key);
    if (until === undefined) return false;
    if (until > at) return true;
    this.held.delete(key);
    return false;
  }

  /** Drops every entry whose value passes `test` (when the key does not name what changed). */
  invalidateIf(test: (value: V) => boolean): void {
    this.epoch++;
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }
}

const registry = new Map<string, TtlCache<unknown>>();

/** One part of a `readThrough`: a cache and the keys wanted from it. */
export interface Part<V> {
  cache: TtlCache<V>;
  keys: string[];
}

/**
 * Reads several caches' keys with ONE load of what they all miss (e.g. a feed page's posts, authors and
 * likes in one BatchGet): no load when every key is cached. `load` gets each part's missing keys and answers
 * each part's values found (a key it leaves out is not kept: asked again next time). The load's table reads
 * are shared out to the caches in proportion to the keys each missed.
 */
export async function readThrough<P extends Record<string, Part<unknown>>>(
  parts: P,
  load: (missing: { [K in keyof P]: string[] }) => Promise<{ [K in keyof P]: Map<string, unknown> }>,
  now: Clock,
): Promise<{ [K in keyof P]: Map<string, P[K] extends Part<infer V> ? V : never> }> {
  const names = Object.keys(parts) as (keyof P)[];
  const looked = new Map(names.map((name) => [name, parts[name]!.cache.lookup(parts[name]!.keys, now)]));
  const missing = Object.fromEntries(names.map((n) => [n, looked.get(n)!.missing])) as {
    [K in keyof P]: string[];
  };
  const wanted = names.reduce((sum, n) => sum + missing[n].length, 0);
  if (wanted > 0) {
    const scope = { reads: 0 };
    const loaded = await loading.run(scope, () => load(missing));
    for (const name of names) {
      const { epoch, found } = looked.get(name)!;
      const values = loaded[name];
      const keys = missing[name].length;
      parts[name]!.cache.keep(values, epoch, now, { keys, reads: (scope.reads * keys) / wanted });
      for (const [key, value] of values) found.set(key, value);
    }
  }
  return Object.fromEntries(names.map((n) => [n, looked.get(n)!.found])) as never;
}

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
