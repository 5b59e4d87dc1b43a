/** robots.txt: crawl the reader site, not the newsroom; find every URL through the sitemaps. */
export function robotsTxt(siteUrl: string): string {
  return ['User-agent: *', 'Disallow: /admin/', 'Disallow: /search', '', `Sitemap: ${siteUrl}/sitemap.xml`, `Sitemap: ${siteUrl}/sitemap-news.xml`, ''].join('\n');
}
