import type { Block } from '../../content/blocks.js';
import { countWords, readingTime } from '../../content/word-count.js';
import { DerivedCache } from './derived-cache.js';
import { bodyHtml } from './post-html.js';

const EXCERPT_LENGTH = 500;

/** What one version of a post's or page's text yields; `html` once an open item was asked for it. */
interface Derived {
  minutes: number;
  excerpt: string;
  html?: string;
}

/** An item's text as the serializers show it; `plaintext` only when asked for (it is the whole text). */
export interface ReadableText extends Derived {
  plaintext?: string;
}

export type Formats = ReadonlySet<'html' | 'plaintext'>;

/** An item to show: `version` changes with every save (kind, id and `updated_at`); `open` when readers may read its body. */
export interface TextItem {
  id: number;
  version: string;
  open: boolean;
}

/** A stored text, and the body when html was asked for. */
export interface StoredText {
  id: number;
  text: string;
  body: string | null;
}

/** The minutes the article page shows (src/content/word-count.ts), as Ghost's whole number. */
const minutesToRead = (text: string) => Number.parseInt(readingTime(countWords(text)), 10);

/**
 * The texts of posts and pages as the Content API shows them: reading time, excerpt and html are
 * derived once per version and kept (least recently used forgotten beyond `max`), so a page of
 * posts reads no bodies once they are known; only the items that lack something are read.
 * Gated items never get html or plaintext.
 *
 * @example const texts = await readableTexts(siteUrl).of(items, formats, (ids, withBody) => store.postTexts(ids, withBody))
 */
export function readableTexts(siteUrl: string, max?: number) {
  const derived = new DerivedCache<Derived>(max);
  const lacks = (item: TextItem, formats: Formats, known: Derived | undefined) =>
    !known || (item.open && (formats.has('plaintext') || (formats.has('html') && known.html === undefined)));

  function derive(item: TextItem, formats: Formats, known: Derived | undefined, stored: StoredText | undefined): ReadableText {
    const text = stored?.text ?? '';
    const wantsHtml = item.open && formats.has('html');
    const html = known?.html ?? (wantsHtml ? (stored?.body ? bodyHtml(JSON.parse(stored.body) as Block[], siteUrl) : '') : undefined);
    const kept = derived.set(item.version, { minutes: known?.minutes ?? minutesToRead(text), excerpt: known?.excerpt ?? text.slice(0, EXCERPT_LENGTH), ...(html === undefined ? {} : { html }) });
    return item.open && formats.has('plaintext') ? { ...kept, plaintext: text } : kept;
  }

  return {
    /** Each item's text by id; `read` is asked only for the items whose text is not kept yet, with bodies when html is wanted. */
    async of(items: TextItem[], formats: Formats, read: (ids: number[], withBody: boolean) => Promise<StoredText[]>): Promise<Map<number, ReadableText>> {
      // Looked up once: other requests may push an entry out while this one reads.
      const known = new Map(items.map((item) => [item.id, derived.get(item.version)]));
      const unread = items.filter((item) => lacks(item, formats, known.get(item.id))).map((item) => item.id);
      const stored = new Map(unread.length ? (await read(unread, formats.has('html'))).map((s) => [s.id, s]) : []);
      const unreadIds = new Set(unread);
      return new Map(items.map((item) => [item.id, unreadIds.has(item.id) ? derive(item, formats, known.get(item.id), stored.get(item.id)) : known.get(item.id)!]));
    },
  };
}
