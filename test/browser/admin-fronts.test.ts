import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { RenderCache } from '../../src/site/cache/render-cache.js';
import { adminTestConfig, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsroom } from '../support/fixtures.js';

const shots = screenshotDir('fronts');
const widths = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe('front curation in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let editor: SignedIn;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    const day = (n: number) => new Date(Date.parse('2026-11-01T08:00:00.000Z') + n * 86_400_000).toISOString();
    const headlines = [
      'Harbour towns vote on a shared ferry service',
      'The quiet return of the night train across the Alps',
      'Inside the negotiations over the northern fisheries',
      'A long read on the museum that lost its collection and found it again in a barn',
      'Parliament opens its doors to citizens’ questions',
      'Grain prices ease after a record harvest',
      'Why the river levels keep rising',
    ];
    for (const [i, headline] of headlines.entries()) await publishedArticle(services, { section: i % 2 ? 'politics' : 'world', headline }, { publishedAt: day(i) });
    const app = createApp({ services, config: { ...adminTestConfig, siteUrl: 'http://127.0.0.1' }, renderCache: new RenderCache() });
    editor = await signIn(app, services, 'editor');
    const [oldest] = await services.articles.listPublished({ order: 'oldest', limit: 1 });
    await services.fronts.pin(editor.actor, null, { articleId: oldest!.id, slot: 1, expiresAt: '2099-01-05T18:00:00.000Z' });
    const cache = new RenderCache();
    await site.serve(createApp({ services, config: { ...adminTestConfig, siteUrl: 'http://127.0.0.1' }, renderCache: cache }).fetch, cache);
  });

  afterAll(() => site.close());

  const open = async (viewport: { width: number; height: number }, path: string): Promise<Page> => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport });
    const res = await page.goto(`${site.url}${path}`);
    expect(res?.status()).toBe(200);
    return page;
  };

  for (const { name, viewport } of widths) {
    it(`shows the home front's top slots at ${viewport.width} px, axe-clean, with nothing wider than the screen`, async () => {
      const page = await open(viewport, '/admin/fronts');
      await expect(page.locator('h1').textContent()).resolves.toBe('Fronts: Home page');
      await expect(page.locator('.fronts-switch a[aria-current=page]').textContent()).resolves.toBe('Home page');
      const pinned = page.locator('tr.fronts-pinned');
      await expect(pinned.count()).resolves.toBe(1);
      await expect(pinned.textContent()).resolves.toContain('Harbour towns vote on a shared ferry service');
      await expect(pinned.locator('time').textContent()).resolves.toBe('Mon 5 Jan 2099, 18:00 GMT');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: `${shots}/home-front-${name}.png`, fullPage: true });
      await page.context().close();
    });
  }

  it('pins, moves and unpins with plain forms, and readers see the new lead at once', async () => {
    const page = await open(widths[0].viewport, '/admin/fronts');
    await page.getByLabel('Headline contains').fill('night train');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByLabel(/The quiet return of the night train/).check();
    await page.getByLabel('Slot', { exact: true }).selectOption('1');
    await page.getByLabel(/Unpin at \(Europe\/London/).fill('2099-06-01T09:30');
    await page.getByRole('button', { name: 'Pin', exact: true }).click();
    await expect(page.locator('.toast').textContent()).resolves.toBe('Pinned');
    const lead = page.locator('tbody tr').first();
    await expect(lead.textContent()).resolves.toContain('The quiet return of the night train');
    await expect(lead.locator('time').textContent()).resolves.toBe('Mon 1 Jun 2099, 09:30 BST');

    const reader = await site.browser.newPage();
    await reader.goto(`${site.url}/`);
    await expect(reader.locator('.lead h2').textContent()).resolves.toBe('The quiet return of the night train across the Alps');

    await page.getByRole('button', { name: 'Move down "The quiet return of the night train across the Alps"' }).click();
    await expect(page.locator('.toast').textContent()).resolves.toBe('Moved');
    await expect(page.locator('tbody tr').nth(1).textContent()).resolves.toContain('The quiet return of the night train');
    await reader.reload();
    await expect(reader.locator('.top-stories h3').first().textContent()).resolves.toBe('The quiet return of the night train across the Alps');

    const row = page.locator('tbody tr', { hasText: 'The quiet return of the night train' });
    await row.locator('summary', { hasText: 'Unpin' }).click();
    await row.getByRole('button', { name: 'Unpin', exact: true }).click();
    await expect(page.locator('.toast').textContent()).resolves.toBe('Unpinned');
    await expect(page.locator('tr.fronts-pinned').count()).resolves.toBe(0);
    await reader.close();
    await page.context().close();
  });

  for (const { name, viewport } of widths) {
    it(`shows a section front and the pin form with an error inline at ${viewport.width} px, axe-clean`, async () => {
      const page = await open(viewport, '/admin/fronts/section/politics');
      await expect(page.locator('h1').textContent()).resolves.toBe('Fronts: Politics');
      await page.locator('.fronts-candidates input').first().check();
      await page.locator('#pin-expires').fill('2020-01-01T10:00');
      await page.getByRole('button', { name: 'Pin', exact: true }).click();
      await expect(page.locator('#pin-expires-error').textContent()).resolves.toBe('Error: must be in the future');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: `${shots}/section-front-error-${name}.png`, fullPage: true });
      await page.context().close();
    });
  }
});
