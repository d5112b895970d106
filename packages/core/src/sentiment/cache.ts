import { type Clock, systemClock } from "../util/clock";

/**
 * A read-through cache per instance (one Lambda or server process): a value is loaded once, then served
 * until it is `ttlMs` old or its `version` (what it was loaded against) changes. Hits and misses are
 * counted for /api/metrics; `enabled = false` makes every read a miss (the bench compares both).
 */
export class ReadThrough<V> {
  hits = 0;
  misses = 0;
  enabled = true;
  private readonly entries = new Map<string, { at: number; version: string; value: V }>();

  constructor(
    readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: Clock = systemClock,
  ) {}

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
