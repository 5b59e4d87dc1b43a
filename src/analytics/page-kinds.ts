/**
 * Which reader pages are counted, told from the request's path alone (string work, no
 * lookups; the counter remembers the verdict per request target): articles, fronts (home,
 * sections, topics), search and newsletter pages.
 * A page of one segment may be a section front or something else (/about, /login); the
 * batch writer asks the database once per such path (`section-or-page`).
 */
export type CountedKind = 'article' | 'front' | 'search' | 'newsletter' | 'section-or-page';

const YEAR = /^[0-9]{4}$/;
const MONTH = /^[0-9]{2}$/;
const ISSUE_ID = /^[0-9]{1,9}$/;
/** Newsletter pages that carry a reader's token: never counted, never stored. */
const TOKEN_PAGES = new Set(['confirm', 'preferences', 'unsubscribe']);
/** One-segment paths that are never a section front, answered without a lookup. */
const NOT_FRONTS = new Set(['admin', 'account', 'login', 'logout', 'members', 'api', 'healthz', 'readyz', 'metrics', 'preview', 'static', 'media']);

/** @example pageKind('/world/2026/11/harbour-strike?utm_source=x') // 'article' */
export function pageKind(target: string): CountedKind | undefined {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (path === '/') return 'front';
  // Files (feeds, robots.txt, images) and trailing slashes are not pages here.
  if (path.includes('.') || path.endsWith('/') || path.charCodeAt(0) !== 47) return undefined;
  const parts = path.split('/');
  const first = parts[1]!;
  switch (parts.length) {
    case 2:
      if (first === 'search') return 'search';
      if (first === 'newsletters') return 'newsletter';
      return NOT_FRONTS.has(first) ? undefined : 'section-or-page';
    case 3:
      if (first === 'topic') return 'front';
      return first === 'newsletters' && !TOKEN_PAGES.has(parts[2]!) ? 'newsletter' : undefined;
    case 4:
      return first === 'newsletters' && !TOKEN_PAGES.has(parts[2]!) && ISSUE_ID.test(parts[3]!) ? 'newsletter' : undefined;
    case 5:
      return YEAR.test(parts[2]!) && MONTH.test(parts[3]!) && !NOT_FRONTS.has(first) ? 'article' : undefined;
    default:
      return undefined;
  }
}
