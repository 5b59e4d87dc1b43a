import { expect, it } from 'vitest';
import { MOST_READ_TAG } from '../src/analytics/most-read.js';
import { viewStore } from '../src/analytics/view-store.js';
import { createApp } from '../src/app.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };

/** The rail's headlines, in their order. */
const railOf = (html: string) => {
  const rail = /<section class="most-read"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
  return rail === undefined ? undefined : [...rail.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => m[2]);
};

describeEachDatabase('the "Most read" rail', (fixture) => {
  it('ranks the last 24 hours on the home page and each section front, and drops the cached fronts only when a list changes', async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    const harbour = await publishedArticle(services, { headline: 'Harbour strike ends' });
    const talks = await publishedArticle(services, { headline: 'Talks in Geneva' });
    const budget = await publishedArticle(services, { headline: 'Budget vote looms', section: 'politics', authors: ['ben-writer'] });
    const partner = await publishedArticle(services, { headline: 'A word from our sponsor', sponsor: 'Acme' });
    const quiet = await publishedArticle(services, { headline: 'Nobody read this' });
    const store = viewStore(database.db);
    const articles = [harbour, talks, budget, partner, quiet];
    const paths = await store.pathIds(articles.map((a) => ({ path: a.path, kind: 'article' })));
    const direct = (await store.sourceIds(['\0\0\0'])).get('\0\0\0')!;
    const now = Math.floor(Date.now() / 1000);
    const views = (article: (typeof articles)[number], count: number, secondsAgo = 600) =>
      store.insertViews(Array.from({ length: count }, (_, i) => ({ at: now - secondsAgo, path_id: paths.get(article.path)!, source_id: direct, device: 0, visitor: i })));
    await views(talks, 3);
    await views(budget, 2);
    await views(harbour, 1);
    await views(partner, 9);
    // Two days ago: outside the rail's 24 hours.
    await views(quiet, 20, 2 * 86_400);

    const renderCache = new RenderCache();
    const app = createApp({ services, config, renderCache });
    const page = async (path: string) => {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      return res.text();
    };
    expect(railOf(await page('/'))).toEqual(['Talks in Geneva', 'Budget vote looms', 'Harbour strike ends']);
    expect(railOf(await page('/world'))).toEqual(['Talks in Geneva', 'Harbour strike ends']);
    expect(railOf(await page('/politics'))).toEqual(['Budget vote looms']);
    expect(renderCache.has('/')).toBe(true);

    // A refresh that finds the same lists leaves the cached fronts alone.
    const { mostRead } = services.analytics;
    const refresh = async () => (await mostRead.refresh()) && renderCache.invalidate([MOST_READ_TAG]);
    await refresh();
    expect(renderCache.has('/')).toBe(true);
    expect(renderCache.has('/world')).toBe(true);

    // Readers move to the harbour: the fronts go, and come back with the new order.
    await views(harbour, 5);
    await refresh();
    expect(renderCache.has('/')).toBe(false);
    expect(renderCache.has('/world')).toBe(false);
    expect(railOf(await page('/'))).toEqual(['Harbour strike ends', 'Talks in Geneva', 'Budget vote looms']);
    expect(railOf(await page('/world'))).toEqual(['Harbour strike ends', 'Talks in Geneva']);
  });
});
