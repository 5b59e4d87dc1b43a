import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceKey, viewStore } from '../../src/analytics/view-store.js';
import type { Article } from '../../src/content/article-store.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsroom } from '../support/fixtures.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const shots = screenshotDir('analytics');
const widths = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;
const DAY = 86_400;

describe('the newsroom analytics pages in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let editor: SignedIn;
  let article: Article;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-admin.mjs'], { cwd: repoRoot });
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    article = await publishedArticle(services, { headline: 'Harbour towns vote on a shared ferry service' }, { publishedAt: new Date(Date.now() - 20 * DAY * 1000).toISOString() });
    const other = await publishedArticle(services, { headline: 'The quiet return of the night train across the Alps', section: 'politics', authors: ['ben-writer'], topics: ['elections'] });
    // Three weeks of views in a rising and falling shape, from three sources.
    const store = viewStore(db.database.db);
    const paths = await store.pathIds([article, other].map((a) => ({ path: a.path, kind: 'article' })));
    const sources = [
      { referrerHost: '', utmSource: '', utmMedium: '', utmCampaign: '' },
      { referrerHost: 'social.example', utmSource: '', utmMedium: '', utmCampaign: '' },
      { referrerHost: '', utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'daily' },
    ].map(sourceKey);
    const sourceIds = await store.sourceIds(sources);
    const now = Math.floor(Date.now() / 1000);
    const views = [];
    for (let day = 20; day >= 0; day--) {
      const count = 3 + ((day * 7) % 11);
      for (let n = 0; n < count; n++) {
        const target = n % 3 === 0 ? other : article;
        views.push({ at: now - day * DAY - 60, path_id: paths.get(target.path)!, source_id: sourceIds.get(sources[n % 3]!)!, device: n % 2, visitor: day * 100 + (n % 5) });
      }
    }
    await store.insertViews(views);
    editor = await signIn(createAdminTestApp(services), services, 'editor');
    await site.start(services);
  });

  afterAll(() => site.close());

  const open = async (viewport: { width: number; height: number }, path: string): Promise<Page> => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const res = await page.goto(`${site.url}${path}`);
    expect(res?.status()).toBe(200);
    // The island draws the chart: uPlot's canvas, sized to the column it sits in.
    await page.locator('.an-chart-canvas canvas').first().waitFor();
    expect(errors).toEqual([]);
    return page;
  };

  it('draws its charts under the site’s Content-Security-Policy, which allows no inline script or style', async () => {
    const page = await signedInPage(site.browser, site.url, editor, { bypassCSP: false });
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const res = await page.goto(`${site.url}/admin/analytics`);
    expect(res?.headers()['content-security-policy']).toContain("style-src 'self'");
    await page.locator('#an-site-chart canvas').waitFor();
    expect(await page.locator('#an-site-chart .u-legend').count()).toBe(1);
    expect(refused).toEqual([]);
  });

  for (const { name, viewport } of widths) {
    it(`draws the dashboard's chart at ${viewport.width} px, axe-clean, nothing wider than the screen`, async () => {
      const page = await open(viewport, '/admin/analytics');
      const canvas = await page.locator('#an-site-chart canvas').boundingBox();
      expect(canvas!.width).toBeGreaterThan(200);
      expect(canvas!.x + canvas!.width).toBeLessThanOrEqual(viewport.width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expect(page.locator('section[aria-labelledby="an-articles-h"] tbody tr').count()).resolves.toBe(2);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `dashboard-${name}.png`), fullPage: true });
      // The figures behind the chart open beneath it, for anyone who cannot see it.
      await page.locator('.an-figures summary').click();
      await expect(page.locator('.an-figures tbody tr').count()).resolves.toBe(30);
      await expectNoAxeViolations(page);
    });

    it(`draws an article's views since publication at ${viewport.width} px, axe-clean`, async () => {
      const page = await open(viewport, `/admin/analytics/articles/${article.id}`);
      await expect(page.locator('h1').textContent()).resolves.toBe(`Analytics: ${article.headline}`);
      const canvas = await page.locator('#an-article-chart canvas').boundingBox();
      expect(canvas!.width).toBeGreaterThan(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `article-${name}.png`), fullPage: true });
    });
  }
});
