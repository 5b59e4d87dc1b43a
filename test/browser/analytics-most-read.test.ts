import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewStore } from '../../src/analytics/view-store.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

describe('the "Most read" rail in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  const shots = screenshotDir('most-read');

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services, database } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    const headlines = ['Harbour strike ends after nine weeks of talks on the quay', 'Talks in Geneva', 'Budget vote looms', 'The city council asks for figures nobody has published', 'Cranes stand idle'];
    const articles = [];
    for (const [i, headline] of headlines.entries()) articles.push(await publishedArticle(services, { headline, section: i === 2 ? 'politics' : 'world' }));
    const store = viewStore(database.db);
    const paths = await store.pathIds(articles.map((a) => ({ path: a.path, kind: 'article' })));
    const direct = (await store.sourceIds(['\0\0\0'])).get('\0\0\0')!;
    const now = Math.floor(Date.now() / 1000);
    await store.insertViews(articles.flatMap((a, i) => Array.from({ length: 10 - i }, (_, v) => ({ at: now - 60, path_id: paths.get(a.path)!, source_id: direct, device: 0, visitor: v }))));
    await site.start(services);
  });
  afterAll(() => site.close());

  for (const width of [1366, 390]) {
    it(`ranks the most-read headlines on the home page and a section front at ${width} px, axe-clean`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      for (const [name, path, count] of [
        ['home', '/', 5],
        ['section', '/world', 4],
      ] as const) {
        await page.goto(site.url + path);
        const rail = page.locator('section.most-read');
        await expect(rail.getByRole('heading', { name: 'Most read' }).count()).resolves.toBe(1);
        await expect(rail.locator('li').count()).resolves.toBe(count);
        expect(await rail.locator('li a').first().textContent()).toBe('Harbour strike ends after nine weeks of talks on the quay');
        // Nothing spills sideways: the rail fits the page at this width.
        const box = (await rail.boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        await rail.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
        await expectNoAxeViolations(page);
      }
      await page.close();
    });
  }
});
