/**
 * What a post's or page's text yields that costs more than reading it: its reading time (a word
 * count over the whole text), its excerpt and its body as html. Kept per version (the key carries
 * `updated_at`, which every save changes), newest use last, at most `max` entries: a page of 15
 * posts then costs its queries, not 15 renders, nor reading 15 bodies.
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
