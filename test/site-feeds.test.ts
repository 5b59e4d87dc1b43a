import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { siteContext } from '../src/site/routes/context.js';
import { feedRoutes } from '../src/site/routes/feeds.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, publishedSeries, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'https://gazette.example' };
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'url', 'sitemap', 'category'].includes(name) });
const HOUR = 60 * 60 * 1000;

interface RssItem {
  title: string;
  link: string;
  guid: { '#text': string } | string;
  pubDate: string;
  description?: string;
  category?: Array<{ '#text': string; '@_domain': string }>;
}

describeEachDatabase('feeds, sitemaps and robots.txt', (fixture) => {
  const app = () => createApp({ services: fixture().services, config });

  async function xml(url: string, contentType: RegExp, request: (url: string) => Response | Promise<Response> = (u) => app().request(u)) {
    const res = await request(url);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type')).toMatch(contentType);
    const body = await res.text();
    expect(body.startsWith('<?xml')).toBe(true);
    return parser.parse(body);
  }
  const items = async (url: string): Promise<RssItem[]> => (await xml(url, /^application\/rss\+xml/)).rss.channel.item ?? [];

  const now = Date.now();
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    const old = await publishedSeries(services, 3, { section: 'politics', authors: ['ben-writer'], topics: ['elections'] }, '2025-03-01T09:00:00.000Z');
    old.forEach((a, i) => (paths[`old${i}`] = a.path));
    const tricky = await publishedArticle(
      services,
      { section: 'world', headline: 'Trade & tariffs: <the> "deal"', standfirst: 'Markets < expectations & more.', topics: ['russia'] },
      { publishedAt: new Date(now - 2 * HOUR).toISOString() },
    );
    paths.tricky = tricky.path;
    const stale = await publishedArticle(services, { section: 'world', headline: 'Three days old' }, { publishedAt: new Date(now - 72 * HOUR).toISOString() });
    paths.stale = stale.path;
    const sponsored = await publishedArticle(services, { section: 'world', headline: 'Paid words', sponsor: 'Acme' }, { publishedAt: new Date(now - HOUR).toISOString() });
    paths.sponsored = sponsored.path;
    await services.articles.create({ headline: 'Unpublished draft', section: 'world', body: [] });
  });

  it('/feed is RSS 2.0 with the latest articles, absolute links and escaped text', async () => {
    const doc = await xml('/feed', /^application\/rss\+xml/);
    expect(doc.rss['@_version']).toBe('2.0');
    expect(doc.rss.channel.title).toBe('Test Gazette');
    expect(doc.rss.channel.link).toBe('https://gazette.example/');
    const list: RssItem[] = doc.rss.channel.item;
    // Readers render titles and descriptions as HTML: the text arrives escaped for that.
    expect(list.map((i) => i.title)).toEqual(['Paid words', 'Trade &amp; tariffs: &lt;the&gt; "deal"', 'Three days old', expect.any(String), expect.any(String), expect.any(String)]);
    const tricky = list[1]!;
    expect(tricky.link).toBe(`https://gazette.example${paths.tricky}`);
    expect(tricky.guid).toEqual({ '#text': tricky.link, '@_isPermaLink': 'true' });
    expect(tricky.description).toBe('Markets &lt; expectations &amp; more.');
    expect(tricky.category?.[0]?.['#text']).toBe('World');
    expect(new Date(tricky.pubDate).getTime()).toBe(Math.floor((now - 2 * HOUR) / 1000) * 1000);
    expect(list.map((i) => i.title)).not.toContain('Unpublished draft');
  });

  it('section, topic and author feeds hold only their own articles', async () => {
    expect((await items('/politics/feed')).map((i) => i.link)).toEqual([paths.old2, paths.old1, paths.old0].map((p) => `https://gazette.example${p}`));
    expect((await items('/topic/russia/feed')).map((i) => i.title)).toEqual(['Paid words', 'Trade &amp; tariffs: &lt;the&gt; "deal"', 'Three days old']);
    expect((await items('/topic/elections/feed')).map((i) => i.link)).toHaveLength(3);
    expect((await items('/author/ben-writer/feed')).map((i) => i.link)).toEqual([paths.old2, paths.old1, paths.old0].map((p) => `https://gazette.example${p}`));
    const doc = await xml('/author/ben-writer/feed', /rss/);
    expect(doc.rss.channel.title).toBe('Ben Writer | Test Gazette');
    expect(doc.rss.channel.link).toBe('https://gazette.example/author/ben-writer');
  });

  it('feeds of unknown sections, topics and authors are 404s', async () => {
    for (const url of ['/nowhere/feed', '/topic/nothing/feed', '/author/nobody/feed']) {
      expect((await app().request(url)).status, url).toBe(404);
    }
  });

  it('/sitemap.xml is an index of a fronts sitemap and one sitemap per month', async () => {
    const index = await xml('/sitemap.xml', /^application\/xml/);
    const locs: string[] = index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    const month = new Date(now - HOUR).toISOString().slice(0, 7);
    expect(locs[0]).toBe('https://gazette.example/sitemaps/fronts.xml');
    expect(locs).toContain('https://gazette.example/sitemaps/articles-2025-03.xml');
    expect(locs.some((l) => l.startsWith(`https://gazette.example/sitemaps/articles-${month.slice(0, 4)}-`))).toBe(true);

    const march = await xml('/sitemaps/articles-2025-03.xml', /^application\/xml/);
    expect(march.urlset.url.map((u: { loc: string }) => u.loc)).toEqual([paths.old0, paths.old1, paths.old2].map((p) => `https://gazette.example${p}`));
    expect(march.urlset.url[0].lastmod).toMatch(/^2025-03-01T09:00:00/);

    const fronts = await xml('/sitemaps/fronts.xml', /^application\/xml/);
    const frontLocs: string[] = fronts.urlset.url.map((u: { loc: string }) => u.loc);
    for (const path of ['/', '/archive', '/world', '/politics', '/topic/russia', '/author/ada-reporter', '/issue/42', '/archive/2025', '/archive/2025/03']) {
      expect(frontLocs).toContain(`https://gazette.example${path}`);
    }
    for (const url of ['/sitemaps/articles-1999-01.xml', '/sitemaps/articles-2025-13.xml', '/sitemaps/other.xml', '/sitemaps/articles-2025-03-p2.xml']) {
      expect((await app().request(url)).status, url).toBe(404);
    }
  });

  it('a month, or the fronts, larger than one sitemap file is split into pages', async () => {
    const site = new Hono().route('/', feedRoutes(siteContext(fixture().services, config), { sitemapSize: 2 }));
    const request = (url: string) => site.request(url);
    const locs: string[] = (await xml('/sitemap.xml', /xml/, request)).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    const frontFiles = locs.filter((l) => l.includes('/sitemaps/fronts'));
    expect(frontFiles.slice(0, 2)).toEqual(['https://gazette.example/sitemaps/fronts.xml', 'https://gazette.example/sitemaps/fronts-p2.xml']);
    const frontLocs: string[] = [];
    for (const file of frontFiles) frontLocs.push(...(await xml(file.replace('https://gazette.example', ''), /xml/, request)).urlset.url.map((u: { loc: string }) => u.loc));
    const whole: string[] = (await xml('/sitemaps/fronts.xml', /xml/)).urlset.url.map((u: { loc: string }) => u.loc);
    expect(frontLocs).toEqual(whole);
    expect(whole.length).toBeGreaterThan(4);
    expect((await request(`/sitemaps/fronts-p${frontFiles.length + 1}.xml`)).status).toBe(404);
    expect(locs).toContain('https://gazette.example/sitemaps/articles-2025-03.xml');
    expect(locs).toContain('https://gazette.example/sitemaps/articles-2025-03-p2.xml');
    expect(locs).not.toContain('https://gazette.example/sitemaps/articles-2025-03-p3.xml');
    const first = await xml('/sitemaps/articles-2025-03.xml', /xml/, request);
    const second = await xml('/sitemaps/articles-2025-03-p2.xml', /xml/, request);
    expect([...first.urlset.url, ...second.urlset.url].map((u: { loc: string }) => u.loc)).toEqual(
      [paths.old0, paths.old1, paths.old2].map((p) => `https://gazette.example${p}`),
    );
  });

  it('/sitemap-news.xml lists the last 48 hours of journalism in Google News format', async () => {
    const res = await app().request('/sitemap-news.xml');
    const body = await res.text();
    expect(body).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    const doc = parser.parse(body);
    const urls = doc.urlset.url as Array<{ loc: string; 'news:news': Record<string, unknown> }>;
    expect(urls.map((u) => u.loc)).toEqual([`https://gazette.example${paths.tricky}`]);
    const news = urls[0]!['news:news'] as { 'news:publication': { 'news:name': string; 'news:language': string }; 'news:title': string; 'news:publication_date': string };
    expect(news['news:publication']['news:name']).toBe('Test Gazette');
    expect(news['news:publication']['news:language']).toBe('en');
    expect(news['news:title']).toBe('Trade & tariffs: <the> "deal"');
    expect(Date.parse(news['news:publication_date'])).toBe(now - 2 * HOUR);
  });

  it('/sitemap-news.xml is an empty list, not an error, when nothing was published in 48 hours', async () => {
    const fortnightOn = () => new Date(now + 14 * 24 * HOUR);
    const site = new Hono().route('/', feedRoutes(siteContext(fixture().services, config), { now: fortnightOn }));
    const doc = await xml('/sitemap-news.xml', /xml/, (url) => site.request(url));
    expect(doc.urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(doc.urlset.url).toBeUndefined();
  });

  it('robots.txt points crawlers at the sitemaps and away from the newsroom', async () => {
    const res = await app().request('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await res.text()).split('\n');
    expect(lines).toContain('Sitemap: https://gazette.example/sitemap.xml');
    expect(lines).toContain('Sitemap: https://gazette.example/sitemap-news.xml');
    expect(lines).toContain('Disallow: /admin/');
  });
});

describeEachDatabase('feeds carry plain text as text', (fixture) => {
  const markup = '<img src=x onerror=alert(1)>';
  const asText = '&lt;img src=x onerror=alert(1)&gt;';
  const app = () => createApp({ services: fixture().services, config });
  const get = async (url: string) => {
    const res = await app().request(url);
    expect(res.status, url).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await services.taxonomy.upsertSection({ slug: 'world', name: 'World <b>news</b>', description: markup });
    await services.taxonomy.upsertAuthor({ slug: 'ada-reporter', name: 'Ada <i>Reporter</i>', bio: markup });
    await services.taxonomy.upsertTopic({ slug: 'russia', name: 'Russia <u>now</u>' });
    await publishedArticle(
      services,
      { headline: `Standoff ${markup}`, standfirst: markup, section: 'world', authors: ['ada-reporter'], topics: ['russia'] },
      { publishedAt: new Date(Date.now() - HOUR).toISOString() },
    );
  });

  it('titles and standfirsts reach every feed escaped, so a reader shows the markup as text', async () => {
    for (const url of ['/feed', '/world/feed', '/topic/russia/feed', '/author/ada-reporter/feed']) {
      const body = await get(url);
      expect(body, url).not.toMatch(/<(img|b|i|u)\b/);
      const item = parser.parse(body).rss.channel.item[0] as RssItem;
      expect(item.title, url).toBe(`Standoff ${asText}`);
      expect(item.description, url).toBe(asText);
      expect(item.category?.[0]?.['#text'], url).toBe('World &lt;b&gt;news&lt;/b&gt;');
    }
  });

  it('channel titles and descriptions from sections, topics and authors are escaped too', async () => {
    const channel = async (url: string) => parser.parse(await get(url)).rss.channel as { title: string; description: string };
    expect(await channel('/world/feed')).toMatchObject({ title: 'World &lt;b&gt;news&lt;/b&gt; | Test Gazette', description: asText });
    expect(await channel('/author/ada-reporter/feed')).toMatchObject({ title: 'Ada &lt;i&gt;Reporter&lt;/i&gt; | Test Gazette', description: asText });
    expect(await channel('/topic/russia/feed')).toMatchObject({ title: 'Russia &lt;u&gt;now&lt;/u&gt; | Test Gazette', description: 'Articles about Russia &lt;u&gt;now&lt;/u&gt;.' });
  });

  it('the news sitemap and the article page keep the same text as plain text, never as markup', async () => {
    const sitemap = await get('/sitemap-news.xml');
    expect(sitemap).not.toContain('<img');
    const url = (parser.parse(sitemap).urlset.url as Array<{ loc: string; 'news:news': { 'news:title': string } }>)[0]!;
    expect(url['news:news']['news:title']).toBe(`Standoff ${markup}`);
    const page = await get(new URL(url.loc).pathname);
    expect(page).not.toContain('<img src=x');
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? '';
    expect(ld).not.toContain('<');
    expect(JSON.stringify(JSON.parse(ld))).toContain(`Standoff ${markup}`);
  });
});
