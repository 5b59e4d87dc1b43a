/**
 * First path segments the site answers itself, which a page's `/{slug}` must never take:
 * the newsroom, the reader routes, feeds, files and the names crawlers and browsers ask
 * for. test/pages.test.tsx checks this against every route the app has.
 */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set([
  '.well-known', 'account', 'admin', 'ap', 'api', 'archive', 'asks', 'author', 'cards', 'corrections', 'favicon', 'feed', 'feeds', 'ghost', 'gift', 'healthz', 'issue', 'login', 'logout',
  'manifest', 'media', 'members', 'metrics', 'newsletters', 'nodeinfo', 'on-this-day', 'preview', 'r', 'readyz', 'robots', 'rss', 'search', 'sitemap', 'sitemap-news',
  'sitemaps', 'static', 'support', 'topic', 'well-known',
]);
