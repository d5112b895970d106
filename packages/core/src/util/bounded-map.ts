/**
 * A Map of at most `max` entries for what an instance remembers: setting a key makes it the newest, and
 * when full the oldest goes first (a Map keeps insertion order). Memory stays bounded however many keys
 * a long-lived Lambda or server sees.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    if (this.size >= this.max) super.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}
