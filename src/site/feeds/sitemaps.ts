import { Readable } from 'node:stream';
import { SitemapIndexStream, SitemapStream, streamToPromise, type IndexItem, type SitemapItemLoose } from 'sitemap';
import type { ArticleSummary } from '../../content/article-store.js';
import type { MonthCount } from '../../content/archive.js';

/** The protocol's limit of URLs in one sitemap file. */
export const SITEMAP_MAX_URLS = 50_000;

/** Google News reads at most this many URLs from a news sitemap. */
export const NEWS_SITEMAP_MAX_URLS = 1_000;

async function render(items: unknown[], stream: SitemapStream | SitemapIndexStream): Promise<string> {
  return (await streamToPromise(Readable.from(items).pipe(stream))).toString('utf8');
}

/** What `sitemap` declines to write (it throws on a sitemap without URLs): a quiet news day has none. */
const EMPTY_URLSET =
  '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"></urlset>';

/** A <urlset> for paths on the site; `sitemap` validates and escapes each URL. */
export const urlSet = async (siteUrl: string, items: SitemapItemLoose[]) => (items.length ? render(items, new SitemapStream({ hostname: siteUrl })) : EMPTY_URLSET);

/** The file name of one page of a month's article sitemap: articles-2022-01.xml, then articles-2022-01-p2.xml. */
export const monthSitemapName = (month: string, page: number) => `articles-${month.replace('/', '-')}${page > 1 ? `-p${page}` : ''}.xml`;

/** Reads a name made by monthSitemapName; undefined for anything else. */
export function parseMonthSitemapName(name: string): { month: string; page: number } | undefined {
  const m = /^articles-([0-9]{4})-(0[1-9]|1[0-2])(?:-p([2-9]|[1-9][0-9]{1,4}))?\.xml$/.exec(name);
  return m ? { month: `${m[1]}/${m[2]}`, page: m[3] ? Number(m[3]) : 1 } : undefined;
}

/** The file name of one page of the fronts sitemap: fronts.xml, then fronts-p2.xml. */
export const frontsSitemapName = (page: number) => `fronts${page > 1 ? `-p${page}` : ''}.xml`;

/** The page a name made by frontsSitemapName stands for; undefined for anything else. */
export function parseFrontsSitemapName(name: string): number | undefined {
  const m = /^fronts(?:-p([2-9]|[1-9][0-9]{1,4}))?\.xml$/.exec(name);
  return m ? (m[1] ? Number(m[1]) : 1) : undefined;
}

/**
 * The sitemap index: the fronts (more than one file past 50,000 sections, topics, authors
 * and issues), then one child per month (more when a month outgrows one file). A century
 * of months is 1,200 entries, far under the index's own limit.
 */
export function sitemapIndex(siteUrl: string, { months, frontCount, perFile = SITEMAP_MAX_URLS }: { months: MonthCount[]; frontCount: number; perFile?: number }): Promise<string> {
  const frontPages = Math.max(1, Math.ceil(frontCount / perFile));
  const items: IndexItem[] = Array.from({ length: frontPages }, (_, i) => ({ url: `${siteUrl}/sitemaps/${frontsSitemapName(i + 1)}` }));
  for (const m of months) {
    const pages = Math.ceil(m.count / perFile);
    for (let page = 1; page <= pages; page++) {
      items.push({ url: `${siteUrl}/sitemaps/${monthSitemapName(m.month, page)}`, lastmod: m.changedAt });
    }
  }
  return render(items, new SitemapIndexStream());
}

/** A Google News sitemap of recent articles. */
export function newsSitemap(siteUrl: string, siteName: string, articles: ArticleSummary[]): Promise<string> {
  return urlSet(
    siteUrl,
    articles.map((a) => ({
      url: a.path,
      news: {
        publication: { name: siteName, language: 'en' },
        publication_date: a.publishedAt ?? a.updatedAt,
        title: a.headline,
      },
    })),
  );
}
