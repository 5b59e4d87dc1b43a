import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { expectNoAxeViolations, launchChromium, newTestPage, signedInPage, startTestServer, type TestServer } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { articleInput, publishedSeries, seedNewsletters, seedNewsroom, subscription } from '../support/fixtures.js';

const shots = '/work/tmp/shots/pages';
const widths = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The dashboard, the article list and the desk's other pages, at desktop and phone widths: rendered, laid out within the screen, axe-clean. */
describe('newsroom pages in Chromium', () => {
  let db: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let admin: SignedIn;
  let userId = 0;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    db = await createSqliteDatabase();
    const { services } = db;
    const { authors } = await seedNewsroom(services);
    const { daily } = await seedNewsletters(services);
    await publishedSeries(services, 60);
    await services.articles.create(articleInput({ headline: 'A draft about the harbour strike and what it means for the docks' }));
    const review = await services.articles.create(articleInput({ headline: 'The budget, line by line' }));
    await services.articles.submitForReview(review.id);
    const scheduled = await services.articles.create(articleInput({ headline: 'Election night, as it happens' }));
    await services.articles.schedule(scheduled.id, '2030-07-01T18:00:00.000Z');
    await subscription(services, daily.id, 'reader@readers.test', { confirmedAt: new Date().toISOString() });
    const app = createAdminTestApp(services);
    admin = await signIn(app, services, 'admin', { authorId: authors[0]!.id });
    userId = admin.user.id;
    server = await startTestServer(app.fetch);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.close();
  });

  const signedInPages = () => [
    ['dashboard', '/admin', 'Dashboard'],
    ['articles', '/admin/articles', 'Articles'],
    ['articles-page-2', '/admin/articles?sort=headline', 'Articles'],
    ['articles-empty', '/admin/articles?q=nothing-matches-this', 'Articles'],
    ['sections', '/admin/sections', 'Sections'],
    ['authors', '/admin/authors', 'Authors'],
    ['topics', '/admin/topics', 'Topics'],
    ['print-issues', '/admin/print-issues', 'Print issues'],
    ['users', '/admin/users', 'Users'],
    ['user', `/admin/users/${userId}`, 'User:'],
    ['settings', '/admin/settings', 'Site settings'],
    ['account', '/admin/account', 'Your account'],
    ['not-found', '/admin/articles/999999', 'Not found'],
  ];
  const signedOutPages = [
    ['login', '/admin/login', 'Sign in to the newsroom'],
    ['forgot', '/admin/forgot', 'Reset your password'],
    ['reset', '/admin/reset/not-a-real-token', 'Choose a new password'],
  ];

  for (const size of widths) {
    it(`shows every page at ${size.width} px within the screen, axe-clean`, async () => {
      const signedIn = await signedInPage(browser, server.url, admin, { viewport: { width: size.width, height: size.height } });
      const signedOut = await newTestPage(browser, { viewport: { width: size.width, height: size.height } });
      const all = [...signedInPages().map(([name, path, heading]) => ({ name, path, heading, page: signedIn })), ...signedOutPages.map(([name, path, heading]) => ({ name, path, heading, page: signedOut }))];
      for (const { name, path, heading, page } of all) {
        await page.goto(`${server.url}${path}`);
        expect(await page.locator('h1').textContent(), path).toContain(heading);
        // Nothing pushes the page wider than the screen (a table scrolls inside its own frame).
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${path} at ${size.width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `${shots}/${name}-${size.name}.png`, fullPage: true });
        await expectNoAxeViolations(page);
      }
    });
  }

  it('pages through the list with its links and keeps the filters', async () => {
    const page = await signedInPage(browser, server.url, admin, { viewport: { width: 1366, height: 900 } });
    await page.goto(`${server.url}/admin/articles?status=published&sort=headline`);
    expect(await page.locator('.pager-place').textContent()).toBe('Page 1 of 2');
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.waitForURL(/after=/);
    expect(await page.locator('.pager-place').textContent()).toBe('Page 2 of 2');
    expect(await page.locator('tbody tr').count()).toBe(10);
    expect(page.url()).toContain('status=published');
    await page.getByRole('link', { name: /^Updated/ }).click();
    await page.waitForURL(/sort=updated/);
    expect(await page.locator('th[aria-sort]').textContent()).toContain('Updated');
  });
});
