import { PERSONAL_CACHE_CONTROL } from '../http/cache-control.js';

/**
 * Honest asks in cached pages. A reader page is rendered once and served as bytes to everyone,
 * yet the support prompt and the end-of-article ask show each reader their own count ("You've
 * read 7 articles this month") and members a thank-you instead. Rendering per reader would end
 * the cache, and a cached form per count would multiply every page by the meter's size; so the
 * page is rendered with its asks between comment markers and, when a page is answered, the
 * marked regions are filled for this reader (`askVariant`): prebuilt slices of the stored bytes
 * around a few bytes of count. The count comes from the reader's own meter cookie, read in this
 * process and never sent anywhere else. Each filled variant has its own ETag, so a browser's copy
 * is revalidated when the count moves.
 */

/**
 * An ask's region: everything between the markers may be replaced; the count line goes at COUNT.
 * A member sees MEMBER_THANKS in place of an ask opened with ASK_OPEN, and nothing in place of
 * one opened with ASK_OPEN_HIDDEN (a page thanks a member once or twice, not at every ask).
 */
export const ASK_OPEN = '<!--ask:thanks-->';
export const ASK_OPEN_HIDDEN = '<!--ask:hide-->';
export const ASK_COUNT = '<!--ask-count-->';
export const ASK_CLOSE = '<!--/ask-->';

/** What one reader sees in the asks: the plain ask, the ask with their count, or a member's thank-you. */
export type AskState = { kind: 'plain' } | { kind: 'count'; count: number } | { kind: 'member' };

export const PLAIN_ASK: AskState = { kind: 'plain' };

/** The pieces of a page around its asks: literal bytes, and each ask's bytes before and after its count. */
export interface AskSplice {
  literals: Buffer[];
  /** `after` is undefined when the ask has no place for a count. */
  asks: Array<{ before: Buffer; after?: Buffer; thanks: boolean }>;
  /** The page's own path, where "Don't show my count" comes back to (the site sends no Referer). */
  path: string;
  /** Filled variants by state key, built on first use (a handful per page: counts stop at the meter's size). */
  variants: Map<string, AskFilled>;
}

export interface AskFilled {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  headers: Record<string, string>;
  notModifiedHeaders: Record<string, string>;
}

const ASK_PREFIX = '<!--ask:';
const open = Buffer.from(ASK_PREFIX);
const thanksOpen = Buffer.from(ASK_OPEN);
const countMark = Buffer.from(ASK_COUNT);
const close = Buffer.from(ASK_CLOSE);

/** A page's asks, or undefined when it has none (found once, when the page at `path` is stored). */
export function spliceAsks(body: Uint8Array, path: string): AskSplice | undefined {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let at = bytes.indexOf(open);
  if (at < 0) return undefined;
  const literals: Buffer[] = [];
  const asks: AskSplice['asks'] = [];
  let from = 0;
  while (at >= 0) {
    const end = bytes.indexOf(close, at);
    if (end < 0) break;
    const thanks = bytes.subarray(at, at + thanksOpen.length).equals(thanksOpen);
    const start = bytes.indexOf('-->', at) + 3;
    const mark = bytes.indexOf(countMark, start);
    const inner = bytes.subarray(start, end);
    const counts = mark >= 0 && mark < end;
    literals.push(Buffer.from(bytes.subarray(from, at)));
    asks.push(
      counts
        ? { before: Buffer.from(inner.subarray(0, mark - start)), after: Buffer.from(inner.subarray(mark - start + countMark.length)), thanks }
        : { before: Buffer.from(inner), thanks },
    );
    from = end + close.length;
    at = bytes.indexOf(open, from);
  }
  literals.push(Buffer.from(bytes.subarray(from)));
  return { literals, asks, path, variants: new Map() };
}

/** Counts beyond this are shown as this: it bounds the variants a page keeps. */
const MOST_COUNTED = 100;

const stateKey = (state: AskState) => (state.kind === 'count' ? `c${Math.min(state.count, MOST_COUNTED)}` : state.kind === 'member' ? 'm' : 'p');

const escapeless = (n: number) => String(Math.min(n, MOST_COUNTED));
const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The count line and the way to turn it off: a plain form (no script), posted to /asks/count,
 * which sets a cookie; the site's Origin check guards it as it does every reader form.
 */
export function countLine(count: number, back: string): string {
  const articles = count === 1 ? 'article' : 'articles';
  const backField = `<input type="hidden" name="back" value="${escapeAttribute(back)}">`;
  return (
    `<div class="ask-count-line"><span class="ask-count">You've read ${escapeless(count)} ${articles} this month.</span> ` +
    `<form class="ask-count-off" method="post" action="/asks/count">${backField}<button type="submit">Don't show my count</button></form></div>`
  );
}

export const MEMBER_THANKS = '<p class="ask-thanks">Thank you for being a member: your support keeps this journalism going.</p>';

/**
 * The page as this reader sees it, with its ETag and headers; the stored page's own bytes for
 * the plain ask. `base` supplies the stored ETag and headers.
 */
export function askVariant(
  splice: AskSplice,
  state: AskState,
  base: { etag: string; headers: Record<string, string>; notModifiedHeaders: Record<string, string> },
): AskFilled {
  const key = stateKey(state);
  const known = splice.variants.get(key);
  if (known) return known;
  const parts: Buffer[] = [];
  const middle = state.kind === 'count' ? Buffer.from(countLine(state.count, splice.path)) : undefined;
  const thanks = state.kind === 'member' ? Buffer.from(MEMBER_THANKS) : undefined;
  splice.asks.forEach((ask, i) => {
    parts.push(splice.literals[i]!);
    if (thanks) {
      if (ask.thanks) parts.push(thanks);
    } else if (!ask.after) parts.push(ask.before);
    else parts.push(ask.before, ...(middle ? [middle] : []), ask.after);
  });
  parts.push(splice.literals[splice.literals.length - 1]!);
  const body = Buffer.concat(parts) as Buffer<ArrayBuffer>;
  const etag = `${base.etag.slice(0, -1)}.${key}"`;
  const filled: AskFilled = {
    body,
    etag,
    headers: { ...base.headers, etag, 'cache-control': PERSONAL_CACHE_CONTROL, 'content-length': String(body.byteLength) },
    notModifiedHeaders: { ...base.notModifiedHeaders, etag, 'cache-control': PERSONAL_CACHE_CONTROL },
  };
  splice.variants.set(key, filled);
  return filled;
}

/** Fills the asks of a rendered page that was not stored (a signed-in reader's): the same bytes a stored page would give. */
export function fillAsks(html: string, state: AskState, path: string): string {
  if (state.kind === 'plain' || !html.includes(ASK_PREFIX)) return html;
  return html.replace(/<!--ask:(thanks|hide)-->([\s\S]*?)<!--\/ask-->/g, (_, kind: string, inner: string) =>
    state.kind === 'member' ? (kind === 'thanks' ? MEMBER_THANKS : '') : inner.replace(ASK_COUNT, countLine(state.count, path)),
  );
}
