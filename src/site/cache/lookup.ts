import { cacheKeyOf, matchesIfNoneMatch } from './http.js';
import type { CachedPage, RenderCache } from './render-cache.js';

/** Never cached nor shared, whatever a route declares. */
export const PRIVATE_PATHS = /^\/(admin|search|account|login|logout)(\/|$)/;

export type HeaderReader = (name: string) => string | string[] | undefined;

/** What the cache can say about a request before any rendering: a page, or why not. */
export interface Lookup {
  key: string;
  /** Private path or a signed-in request: never served from nor stored in the cache. */
  bypass: boolean;
  page?: CachedPage;
}

export function lookup(cache: RenderCache, target: string, header: HeaderReader): Lookup {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const key = cacheKeyOf(path, q === -1 ? '' : target.slice(q + 1));
  if (PRIVATE_PATHS.test(path) || header('cookie') !== undefined || header('authorization') !== undefined) return { key, bypass: true };
  return { key, bypass: false, page: cache.get(key) };
}

/** The status and headers to send for a page, given the request's If-None-Match. */
export function answerHead(page: CachedPage, ifNoneMatch: string | string[] | undefined) {
  const notModified = typeof ifNoneMatch === 'string' && matchesIfNoneMatch(ifNoneMatch, page.etag);
  return notModified ? { status: 304, headers: page.notModifiedHeaders, body: null } : { status: page.status, headers: page.headers, body: page.body };
}
