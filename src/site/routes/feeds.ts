import { Hono, type Context } from 'hono';
import type { ArticleFilter, ArticleSummary } from '../../content/article-store.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { cachePage, list, tag } from '../../reader-ui/cache-tags.js';
import { robotsTxt } from '../feeds/robots.js';
import { rssFeed } from '../feeds/rss.js';
import { newsSitemap, NEWS_SITEMAP_MAX_URLS, parseFrontsSitemapName, parseMonthSitemapName, SITEMAP_MAX_URLS, sitemapIndex, urlSet } from '../feeds/sitemaps.js';
import type { SiteContext } from './context.js';

const FEED_SIZE = 50;
const NEWS_WINDOW_MS = 48 * 60 * 60 * 1000;

const rss = (c: Context, xml: string) => c.body(xml, 200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
const xml = (c: Context, body: string) => c.body(body, 200, { 'Content-Type': 'application/xml; charset=utf-8' });

export interface FeedRouteOptions {
  /** URLs per child sitemap; the protocol's 50,000 unless a test wants small pages. */
  sitemapSize?: number;
  now?: () => Date;
}

/** RSS feeds, sitemaps and robots.txt. */
export function feedRoutes({ services, config }: SiteContext, options: FeedRouteOptions = {}) {
  const { articles, archive, listings, taxonomy } = services;
  const { siteUrl, siteName } = config;
  const perFile = options.sitemapSize ?? SITEMAP_MAX_URLS;
  const now = options.now ?? (() => new Date());

  /** `items` loads the feed's articles; by default the newest matching `filter`. */
  const feed = async (
    c: Context,
    spec: { title: string; description: string; path: string; filter?: Omit<ArticleFilter, 'status'>; items?: () => Promise<ArticleSummary[]>; list: string; entity?: string },
  ) => {
    const items = await (spec.items?.() ?? articles.listPublished({ ...spec.filter, limit: FEED_SIZE }));
    cachePage(c, ...pageTags.feed(spec.list, spec.entity, items));
    return rss(
      c,
      rssFeed({
        siteUrl,
        siteName,
        title: spec.title,
        description: spec.description,
        path: spec.path,
        feedPath: `${spec.path === '/' ? '' : spec.path}/feed`,
        items,
      }),
    );
  };

  /** Every front page: home, the archive, standing pages, sections, topics, authors, print issues, years and months. */
  const frontPaths = async () => {
    const [pages, sections, topics, authors, issues, months] = await Promise.all([
      services.pages.publishedLinks(),
      taxonomy.listSections(),
      taxonomy.listTopics(),
      taxonomy.listAuthors(),
      taxonomy.listPrintIssues(),
      archive.months(),
    ]);
    return [
      '/',
      '/archive',
      // A section given a page's address since holds it; it is listed once, as the section.
      ...pages.filter((p) => !sections.some((s) => s.slug === p.slug)).map((p) => `/${p.slug}`),
      ...sections.map((s) => `/${s.slug}`),
      ...topics.map((t) => `/topic/${t.slug}`),
      ...authors.map((a) => `/author/${a.slug}`),
      ...issues.map((i) => `/issue/${i.number}`),
      ...new Set(months.map((m) => `/archive/${m.month.slice(0, 4)}`)),
      ...months.map((m) => `/archive/${m.month}`),
    ];
  };

  return new Hono()
    .get('/robots.txt', (c) => c.text(robotsTxt(siteUrl)))
    .get('/feed', (c) => feed(c, { title: siteName, description: `The latest from ${siteName}.`, path: '/', filter: {}, list: list.latest }))
    .get('/topic/:slug/feed', async (c) => {
      const topic = await taxonomy.findTopic(c.req.param('slug'));
      if (!topic) return c.notFound();
      return feed(c, { title: `${topic.name} | ${siteName}`, description: `Articles about ${topic.name}.`, path: `/topic/${topic.slug}`, items: async () => articles.publishedSummaries(await listings.topicArticleIds(topic.id, FEED_SIZE)), list: list.topic(topic.id), entity: tag.topic(topic.id) });
    })
    .get('/author/:slug/feed', async (c) => {
      const author = await taxonomy.findAuthor(c.req.param('slug'));
      if (!author) return c.notFound();
      return feed(c, {
        title: `${author.name} | ${siteName}`,
        description: author.bio || `Articles by ${author.name}.`,
        path: `/author/${author.slug}`,
        items: async () => articles.publishedSummaries(await listings.authorArticleIds(author.id, FEED_SIZE)),
        list: list.author(author.id),
        entity: tag.author(author.id),
      });
    })
    .get('/:section/feed', async (c) => {
      const section = await taxonomy.findSection(c.req.param('section'));
      if (!section) return c.notFound();
      return feed(c, {
        title: `${section.name} | ${siteName}`,
        description: section.description || `${section.name} from ${siteName}.`,
        path: `/${section.slug}`,
        filter: { sectionSlug: section.slug },
        list: list.section(section.id),
        entity: tag.section(section.id),
      });
    })
    .get('/sitemap.xml', async (c) => {
      // Tagged with the archive only: a newsroom's fronts outgrow one file once in its life, and
      // the index lists the second file from the next article published.
      cachePage(c, ...pageTags.sitemap());
      const [months, fronts] = await Promise.all([archive.months(), frontPaths()]);
      return xml(c, await sitemapIndex(siteUrl, { months, frontCount: fronts.length, perFile }));
    })
    .get('/sitemap-news.xml', async (c) => {
      const since = new Date(now().getTime() - NEWS_WINDOW_MS).toISOString();
      const recent = await articles.listPublished({ publishedFrom: since, sponsored: false, limit: NEWS_SITEMAP_MAX_URLS });
      return xml(c, await newsSitemap(siteUrl, siteName, recent));
    })
    .get('/sitemaps/:name', async (c) => {
      const frontsPage = parseFrontsSitemapName(c.req.param('name'));
      if (frontsPage !== undefined) {
        const paths = (await frontPaths()).slice((frontsPage - 1) * perFile, frontsPage * perFile);
        return paths.length ? xml(c, await urlSet(siteUrl, paths.map((url) => ({ url })))) : c.notFound();
      }
      const file = parseMonthSitemapName(c.req.param('name'));
      if (!file) return c.notFound();
      const urls = await archive.articleUrls(file.month, perFile, (file.page - 1) * perFile);
      if (urls.length === 0) return c.notFound();
      cachePage(c, ...pageTags.sitemap(...(file.month.split('/') as [string, string])));
      return xml(c, await urlSet(siteUrl, urls.map((u) => ({ url: u.path, lastmod: u.updatedAt }))));
    });
}
