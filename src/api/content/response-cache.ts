import type { ContentEvents } from '../../content/events.js';

/** One answer, ready to send again. */
export interface CachedAnswer {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

export interface ResponseCacheOptions {
  /** Upper bound on the bytes of bodies held; the least recently used go first. */
  maxBytes?: number;
  /**
   * How long an answer is kept at most: a home-front pin (Ghost's `featured`) runs out with no
   * change announced. The same minute the answers' Cache-Control lets any CDN keep them.
   */
  maxAgeMs?: number;
  now?: () => number;
}

/** Addresses remembered as asked once; past it the memory starts over. */
const MAX_SEEN = 20_000;

/**
 * Content API answers by address (the key left out: every key reads the same), dropped whole
 * when any content changes in this process or, through the change feed, in another: a publish
 * shows at once, as on the pages. An answer computed while a change arrived is not kept. An
 * address is kept from its second ask on: one asked once (a crawler walking deep pages, a
 * cache-busting parameter) would only push out answers that are asked for, and keeping 70 KB
 * answers nobody asks again costs the garbage collector more than computing them.
 *
 * @example const answer = cache.get(address) ?? cache.set(address, cache.generation, await compute())
 */
export class ResponseCache {
  readonly #entries = new Map<string, CachedAnswer & { storedAt: number }>();
  readonly #seen = new Set<string>();
  readonly #maxBytes: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #bytes = 0;
  #generation = 0;

  constructor(events: ContentEvents, { maxBytes = 16 * 1024 * 1024, maxAgeMs = 60_000, now = Date.now }: ResponseCacheOptions = {}) {
    this.#maxBytes = maxBytes;
    this.#maxAgeMs = maxAgeMs;
    this.#now = now;
    events.onChange(() => this.clear());
  }

  /** Taken before computing an answer, handed back to `set`. */
  get generation(): number {
    return this.#generation;
  }

  get(address: string): CachedAnswer | undefined {
    const entry = this.#entries.get(address);
    if (!entry) return undefined;
    this.#drop(address, entry);
    if (this.#now() - entry.storedAt >= this.#maxAgeMs) return undefined;
    // Re-inserted, so the Map's order is the order of last use.
    this.#entries.set(address, entry);
    this.#bytes += entry.body.length;
    return entry;
  }

  /** Keeps `answer` if its address was asked before and content has not changed since `generation` was taken; returns it either way. */
  set(address: string, generation: number, answer: CachedAnswer): CachedAnswer {
    if (generation !== this.#generation || answer.body.length > this.#maxBytes / 4) return answer;
    if (!this.#seen.has(address)) {
      if (this.#seen.size >= MAX_SEEN) this.#seen.clear();
      this.#seen.add(address);
      return answer;
    }
    const old = this.#entries.get(address);
    if (old) this.#drop(address, old);
    this.#entries.set(address, { ...answer, storedAt: this.#now() });
    this.#bytes += answer.body.length;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(oldest, entry);
    }
    return answer;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #drop(address: string, entry: CachedAnswer) {
    this.#entries.delete(address);
    this.#bytes -= entry.body.length;
  }
}
