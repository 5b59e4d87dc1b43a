import type { AccessChoice, AccessMeta, AccessRequest } from '../../access/access-service.js';
import type { ReaderStanding } from '../../access/standing.js';
import type { AskSplice } from '../../asks/ask-slot.js';
import type { AskStates } from '../../asks/ask-state.js';

/** One rendered page, ready to send as is. */
export interface CachedPage {
  status: number;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  tags: string[];
  /** The paginated list this page is one page of, if any (see `cachePage`). */
  pageOf?: string;
  /** Every response header, Content-Length and ETag included, built once when stored. */
  headers: Record<string, string>;
  /** The same headers minus the body's, for 304 and HEAD answers. */
  notModifiedHeaders: Record<string, string>;
  /** Set on each form of an article behind the meter: the gate chooses the form per request. */
  access?: AccessMeta;
  /** The page's honest asks, filled per reader when answered (src/asks/ask-slot.ts). */
  asks?: AskSplice;
}

/** Chooses which form of an article page a request gets (src/access). */
export interface FormGate {
  /** Where the reader a Cookie header signs in stands: asked once a request, for the gate and the asks alike. */
  standingOf?(cookie: string | undefined): Promise<ReaderStanding>;
  /** The same from memory, undefined when it must be looked up. */
  standingNow?(cookie: string | undefined): ReaderStanding | undefined;
  /** The form for this request; `reader` when the standing is known already. */
  choose(meta: AccessMeta, request: AccessRequest, reader?: ReaderStanding): Promise<AccessChoice>;
  /** The choice when it needs no lookup (an anonymous reader, or a known `reader`), else undefined. */
  chooseNow?(meta: AccessMeta, request: AccessRequest, reader?: ReaderStanding): AccessChoice | undefined;
}

/** Where a form of a page is kept: the full form under the page's own key, the others beside it. */
export const formKey = (key: string, form: string) => (form === 'full' ? key : `${key}#${form}`);

export interface RenderCacheOptions {
  /** Upper bound on the bytes of bodies held; the least recently used go first. */
  maxBytes?: number;
}

/**
 * Pages by URL key, least recently used first, bounded by body bytes, with an index
 * from tag to keys so a change drops exactly the pages that showed it.
 */
export class RenderCache {
  readonly maxBytes: number;
  #bytes = 0;
  readonly #pages = new Map<string, CachedPage>();
  readonly #byTag = new Map<string, Set<string>>();
  #epoch = 0;
  #pending = new Set<Promise<unknown>>();
  /** Decides the form of pages that have forms; createApp sets it from services.access. Without it such pages are rendered each time. */
  gate?: FormGate;
  /** What each reader's asks show; createApp sets it. Without it asks go out plain. */
  asks?: AskStates;

  constructor({ maxBytes = 32 * 1024 * 1024 }: RenderCacheOptions = {}) {
    this.maxBytes = maxBytes;
  }

  get size() {
    return this.#pages.size;
  }

  get bytes() {
    return this.#bytes;
  }

  /** Bumped by every invalidation: a render that began before it must not be stored. */
  get epoch() {
    return this.#epoch;
  }

  get(key: string): CachedPage | undefined {
    const page = this.#pages.get(key);
    if (page) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.#pages.delete(key);
      this.#pages.set(key, page);
    }
    return page;
  }

  has(key: string): boolean {
    return this.#pages.has(key);
  }

  /** Stores a page unless an invalidation happened since `renderedAtEpoch` (it may show old content). */
  set(key: string, page: CachedPage, renderedAtEpoch = this.#epoch): boolean {
    if (renderedAtEpoch !== this.#epoch || page.body.byteLength > this.maxBytes) return false;
    this.delete(key);
    this.#pages.set(key, page);
    this.#bytes += page.body.byteLength;
    for (const t of page.tags) {
      let keys = this.#byTag.get(t);
      if (!keys) this.#byTag.set(t, (keys = new Set()));
      keys.add(key);
    }
    for (const [oldest] of this.#pages) {
      if (this.#bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  delete(key: string): void {
    const page = this.#pages.get(key);
    if (!page) return;
    this.#pages.delete(key);
    this.#bytes -= page.body.byteLength;
    for (const t of page.tags) {
      const keys = this.#byTag.get(t);
      keys?.delete(key);
      if (keys?.size === 0) this.#byTag.delete(t);
    }
  }

  /**
   * Drops every page carrying one of `tags` and returns their keys. With
   * `withTheirLists`, when a dropped page is one page of a list, the list's other pages
   * go too: an article leaving page 1 shifts pages 2, 3… though they never showed it.
   */
  invalidate(tags: Iterable<string>, { withTheirLists = false } = {}): string[] {
    this.#epoch++;
    const dropped: string[] = [];
    const lists = new Set<string>();
    const drop = (t: string) => {
      for (const key of [...(this.#byTag.get(t) ?? [])]) {
        const page = this.#pages.get(key)!;
        this.delete(key);
        dropped.push(key);
        if (page.pageOf) lists.add(page.pageOf);
      }
    };
    for (const t of tags) drop(t);
    if (withTheirLists) for (const t of lists) drop(t);
    return dropped;
  }

  clear(): void {
    this.#epoch++;
    this.#pages.clear();
    this.#byTag.clear();
    this.#bytes = 0;
  }

  /**
   * Registers work that will invalidate (a lookup of what a change affects); until it
   * settles, readers wait for it rather than get a page it is about to drop.
   */
  track(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.#pending.delete(settled));
    this.#pending.add(settled);
  }

  /** Whether an invalidation is in flight: a cheap check before awaiting `settled()`. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  /** Resolves once no invalidation is in flight. */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all(this.#pending);
  }
}
