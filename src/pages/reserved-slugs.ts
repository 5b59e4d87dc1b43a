/**
 * First path segments the site answers itself, which a page's `/{slug}` must never take:
 * the newsroom, the reader routes, feeds, files and the names crawlers and browsers ask
 * for. test/pages.test.tsx checks this against every route the app has.
 */
export const RESERVED_PAGE_SLUGS: ReadonlySet<string> = new Set([
  'account', 'admin', 'api', 'archive', 'asks', 'author', 'cards', 'corrections', 'favicon', 'feed', 'feeds', 'gift', 'healthz', 'issue', 'login', 'logout',
  'manifest', 'media', 'members', 'metrics', 'newsletters', 'on-this-day', 'preview', 'robots', 'rss', 'search', 'sitemap', 'sitemap-news',
  'sitemaps', 'static', 'support', 'topic', 'well-known',
]);
