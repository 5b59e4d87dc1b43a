import { createHash } from 'node:crypto';

/** A strong validator: the same bytes always give the same ETag, across processes. */
export function strongEtag(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * RFC 9110 If-None-Match: `*`, or a list of tags compared weakly (W/ ignored).
 *
 * @example matchesIfNoneMatch('W/"a", "b"', '"b"') // true
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    const t = candidate.trim();
    if ((t.startsWith('W/') ? t.slice(2) : t) === etag) return true;
  }
  return false;
}

/**
 * Query parameters that only say where a reader came from; pages never depend on them. A gift
 * link's `gift` token decides which form of an article a reader gets (src/access), never the bytes
 * of a form, so it is not part of the key either.
 */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|gift)$/;

/**
 * The cache key of a URL: its path and its query with tracking parameters removed and the
 * rest sorted, so `?b=2&a=1` and `?a=1&b=2&utm_source=x` share one entry.
 *
 * @example cacheKeyOf('/world', 'page=2&utm_source=mail') // '/world?page=2'
 */
export function cacheKeyOf(path: string, query: string): string {
  if (!query) return path;
  const params = [...new URLSearchParams(query)].filter(([k]) => !TRACKING.test(k));
  if (!params.length) return path;
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${path}?${new URLSearchParams(params).toString()}`;
}
