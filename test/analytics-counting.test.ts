import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { pageKind } from '../src/analytics/page-kinds.js';
import { analyticsRollup } from '../src/analytics/rollup.js';
import { saltStore } from '../src/analytics/salt-store.js';
import { viewCounter, type ViewCounter } from '../src/analytics/view-counter.js';
import { viewStore } from '../src/analytics/view-store.js';
import { deviceOf, readReferrer } from '../src/analytics/view-reading.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { startTestServer, type TestServer } from './support/browser.js';
import { describeEachDatabase, type TestDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

describe('which pages are counted', () => {
  it('articles, fronts, search and newsletter pages; never admin, files, token pages or HEAD', () => {
    expect(pageKind('/world/2026/11/harbour-strike?utm_source=x')).toBe('article');
    expect(pageKind('/')).toBe('front');
    expect(pageKind('/topic/russia')).toBe('front');
    expect(pageKind('/world')).toBe('section-or-page');
    expect(pageKind('/search?q=harbour')).toBe('search');
    expect(pageKind('/newsletters')).toBe('newsletter');
    expect(pageKind('/newsletters/the-morning/12')).toBe('newsletter');
    for (const path of ['/admin', '/admin/articles', '/newsletters/confirm/abc', '/newsletters/unsubscribe/abc', '/static/site.css', '/feed.xml', '/media/2026/11/x.webp', '/login', '/author/ada']) {
      expect(pageKind(path), path).toBeUndefined();
    }
  });

  it('device classes and referrer hosts', () => {
    expect(deviceOf(firefox)).toBe(0);
    expect(deviceOf(iphone)).toBe(1);
    expect(deviceOf('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148')).toBe(2);
    expect(deviceOf('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/131.0 Safari/537.36')).toBe(2);
    expect(deviceOf('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36')).toBe(1);
    expect(readReferrer('https://www.social.example/post/1', new Set(['localhost']))).toEqual({ host: 'social.example', authority: 'www.social.example' });
    expect(readReferrer('http://localhost/world', new Set(['localhost'])).host).toBe('');
    expect(readReferrer('not a url', new Set()).host).toBe('');
    expect(readReferrer('http://*/', new Set()).host).toBe('');
  });
});

describeEachDatabase('page views counted through real HTTP', (fixture) => {
  let server: TestServer | undefined;
  afterAll(() => server?.close());

  /** The real app behind the listener with `counter` (default: the service's) counting. */
  const setup = async (db: TestDatabase, counter: ViewCounter = db.services.analytics.counter({ trustProxy: [], siteUrl: config.siteUrl })) => {
    await server?.close();
    const renderCache = new RenderCache();
    const app = createApp({ services: db.services, config, renderCache });
    server = await startTestServer(app.fetch, renderCache, 0, { countView: counter.observe });
    return { counter, url: server.url, renderCache };
  };

  const views = (db: TestDatabase) =>
    db.database.db
      .selectFrom('analytics_views')
      .innerJoin('analytics_paths', 'analytics_paths.id', 'analytics_views.path_id')
      .innerJoin('analytics_sources', 'analytics_sources.id', 'analytics_views.source_id')
      .select(['analytics_paths.path', 'analytics_paths.kind', 'analytics_paths.article_id', 'analytics_sources.name as source', 'analytics_sources.utm_medium', 'analytics_views.device', 'analytics_views.visitor'])
      .orderBy('analytics_views.at')
      .execute();

  it('counts a render and a cache hit once each, a 304 too, and nothing for HEAD, bots, prefetches, errors or admin', async () => {
    const db = fixture();
    await seedNewsroom(db.services);
    const article = await publishedArticle(db.services, { headline: 'Harbour strike ends' });
    const { counter, url, renderCache } = await setup(db);
    const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${url}${path}`, { method, headers: { 'user-agent': firefox, ...headers } });

    const first = await get(article.path);
    expect(first.status).toBe(200);
    await first.text();
    expect(renderCache.has(article.path)).toBe(true);
    const hit = await get(article.path);
    expect(hit.status).toBe(200);
    await hit.text();
    expect((await get(article.path, { 'if-none-match': hit.headers.get('etag')! })).status).toBe(304);
    await (await get(article.path, {}, 'HEAD')).text();
    await (await get(article.path, { 'user-agent': googlebot })).text();
    await (await get(article.path, { 'sec-purpose': 'prefetch' })).text();
    await (await get(article.path, { purpose: 'prefetch' })).text();
    await (await get('/world/2026/01/no-such-article')).text();
    await (await get('/admin/login')).text();
    await (await get('/feed.xml')).text();
    expect(await counter.flush()).toBe(3);
    const counted = await views(db);
    expect(counted).toHaveLength(3);
    expect(counted.every((v) => v.path === article.path && v.kind === 'article' && v.article_id === article.id && v.source === '' && v.device === 0)).toBe(true);
    // One reader, one visitor id.
    expect(new Set(counted.map((v) => v.visitor)).size).toBe(1);
    expect(counted[0]!.visitor).toEqual(expect.any(Number));
  });

  it('records fronts, search and sources; DNT and GPC count without a visitor id', async () => {
    const db = fixture();
    await db.database.db.deleteFrom('analytics_views').execute();
    const { counter, url } = await setup(db);
    const get = async (path: string, headers: Record<string, string> = {}) => (await fetch(`${url}${path}`, { headers: { 'user-agent': firefox, ...headers } })).text();
    await get('/?utm_source=Newsletter&utm_medium=email&utm_campaign=Morning', { referer: 'https://mail.example/inbox' });
    await get('/world', { referer: 'https://www.social.example/p/1' });
    await get('/search?q=harbour', { referer: `${url}/world` });
    await get('/topic/russia', { 'user-agent': iphone });
    await get('/world', { dnt: '1' });
    await get('/world', { 'sec-gpc': '1' });
    await get('/about-us-nowhere');
    expect(await counter.flush()).toBe(6);
    const counted = await views(db);
    expect(counted.map(({ path, kind, source, utm_medium, device }) => ({ path, kind, source, utm_medium, device }))).toEqual([
      { path: '/', kind: 'front', source: 'newsletter', utm_medium: 'email', device: 0 },
      { path: '/world', kind: 'front', source: 'social.example', utm_medium: '', device: 0 },
      { path: '/search', kind: 'search', source: '', utm_medium: '', device: 0 },
      { path: '/topic/russia', kind: 'front', source: '', utm_medium: '', device: 1 },
      { path: '/world', kind: 'front', source: '', utm_medium: '', device: 0 },
      { path: '/world', kind: 'front', source: '', utm_medium: '', device: 0 },
    ]);
    expect(counted.map((v) => v.visitor === null)).toEqual([false, false, false, false, true, true]);
    // The iPhone is another visitor; the query text of a search is never stored.
    expect(counted[3]!.visitor).not.toBe(counted[0]!.visitor);
    expect(await db.database.db.selectFrom('analytics_paths').where('path', 'like', '%harbour%').selectAll().execute()).toEqual([]);
  });

  it("gives a reader a new visitor id when the day's salt rotates, and destroys the old salt", async () => {
    const db = fixture();
    await db.database.db.deleteFrom('analytics_views').execute();
    // Today's salt, made by the tests before on the real clock, is no business of this test's clock.
    await db.database.db.deleteFrom('analytics_salts').execute();
    let clock = new Date('2026-12-02T22:00:00Z');
    const now = () => clock;
    const counter = viewCounter({ store: viewStore(db.database.db), salts: saltStore(db.database.db), timeZone: config.timeZone, trustProxy: [], now });
    const { url } = await setup(db, counter);
    const read = async () => {
      await (await fetch(`${url}/world`, { headers: { 'user-agent': firefox } })).text();
      await counter.flush();
      return (await views(db)).at(-1)!.visitor;
    };
    const evening = await read();
    expect(await read()).toBe(evening);
    // Past London's midnight: the housekeeping destroys 2 December's salt, and the same reader is someone new.
    clock = new Date('2026-12-03T00:30:00Z');
    await analyticsRollup(db.database, { timeZone: config.timeZone, now }).run();
    const morning = await read();
    expect(morning).not.toBe(evening);
    expect(await db.database.db.selectFrom('analytics_salts').select('day').execute()).toEqual([{ day: '2026-12-03' }]);
    expect(await db.database.db.selectFrom('analytics_views').select('at').orderBy('at').execute()).toEqual([
      { at: Date.parse('2026-12-02T22:00:00Z') / 1000 },
      { at: Date.parse('2026-12-02T22:00:00Z') / 1000 },
      { at: Date.parse('2026-12-03T00:30:00Z') / 1000 },
    ]);
  });

  it("adds each batch to its pages' hourly counts as it writes it (what Most read ranks), and drops hours over two days old", async () => {
    const db = fixture();
    await db.database.db.deleteFrom('analytics_views').execute();
    await db.database.db.deleteFrom('analytics_hourly').execute();
    let clock = new Date('2026-12-02T09:10:00Z');
    const now = () => clock;
    const counter = viewCounter({ store: viewStore(db.database.db), salts: saltStore(db.database.db), timeZone: config.timeZone, trustProxy: [], now });
    const { url } = await setup(db, counter);
    const read = (path: string) => fetch(`${url}${path}`, { headers: { 'user-agent': firefox } }).then((res) => res.text());
    await read('/world');
    await read('/world');
    await read('/');
    await counter.flush();
    clock = new Date('2026-12-02T09:50:00Z');
    await read('/world');
    await counter.flush();
    clock = new Date('2026-12-02T10:05:00Z');
    await read('/world');
    await counter.flush();
    const hourOf = (iso: string) => Math.floor(Date.parse(iso) / 3_600_000);
    const hourly = () =>
      db.database.db
        .selectFrom('analytics_hourly')
        .innerJoin('analytics_paths', 'analytics_paths.id', 'analytics_hourly.path_id')
        .select(['hour', 'analytics_paths.path', 'views'])
        .orderBy('hour')
        .orderBy('analytics_paths.path')
        .execute();
    expect(await hourly()).toEqual([
      { hour: hourOf('2026-12-02T09:00:00Z'), path: '/', views: 1 },
      { hour: hourOf('2026-12-02T09:00:00Z'), path: '/world', views: 3 },
      { hour: hourOf('2026-12-02T10:00:00Z'), path: '/world', views: 1 },
    ]);
    // Two days and a little more on, the housekeeping has dropped 9 o'clock's counts and kept 10 o'clock's.
    clock = new Date('2026-12-04T10:30:00Z');
    await analyticsRollup(db.database, { timeZone: config.timeZone, now }).run();
    expect(await hourly()).toEqual([{ hour: hourOf('2026-12-02T10:00:00Z'), path: '/world', views: 1 }]);
  });
});
