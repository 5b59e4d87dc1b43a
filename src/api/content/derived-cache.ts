/**
 * Values worked out from stored content that cost more than reading it (a post's html, reading
 * time and excerpt; an item's UUID), kept under a key that changes when the content does (it
 * carries `updated_at`, which every save changes), newest use last, at most `max` entries.
 */
export class DerivedCache<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly max = 2_000) {}

  /** The value stored under `key`, if any, now the most recently used. */
  get(key: string): V | undefined {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      // Re-inserted, so the Map's order is the order of last use.
      this.#entries.delete(key);
      this.#entries.set(key, found);
    }
    return found;
  }

  set(key: string, value: V): V {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return value;
  }
}
