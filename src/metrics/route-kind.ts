/** What a request was for, as /metrics groups requests: few values, so each is a small set of series. */
export type RouteKind = 'article' | 'front' | 'search' | 'feed' | 'admin' | 'api' | 'other';

export const ROUTE_KINDS: readonly RouteKind[] = ['article', 'front', 'search', 'feed', 'admin', 'api', 'other'];

const ARTICLE = /^\/[^/]+\/\d{4}\/\d{2}\/[^/]+\/?$/;
const FEED = /(^|\/)(feed|sitemap[^/]*\.xml|sitemaps\/[^/]+)$/;
/** One segment that is not a section front or a standing page. */
const NOT_A_FRONT = /^\/(archive|corrections|on-this-day|robots\.txt|favicon\.ico|manifest\.webmanifest|healthz|readyz|metrics|login|logout|support|newsletters|account)$/;

/** `path` is `prefix` or below it (`/admin`, `/admin/…`, not `/administration`). */
const under = (path: string, prefix: string) => path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47);

/**
 * The kind of a request target (path, query ignored), told from its shape alone: it runs on
 * every request, cache hits included, so it reads no database and allocates nothing.
 *
 * @example routeKindOf('/world/2026/03/harbour-strike') // 'article'
 */
export function routeKindOf(target: string): RouteKind {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  if (path === '/') return 'front';
  if (under(path, '/admin')) return 'admin';
  if (under(path, '/api')) return 'api';
  if (under(path, '/search')) return 'search';
  if (FEED.test(path)) return 'feed';
  if (ARTICLE.test(path)) return 'article';
  if (path.indexOf('/', 1) === -1 && !NOT_A_FRONT.test(path) && !path.includes('.')) return 'front';
  return 'other';
}
