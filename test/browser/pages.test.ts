import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { b } from '../../src/content/blocks.js';
import { adminTestConfig, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsroom } from '../support/fixtures.js';

describe('standing pages in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let editor: SignedIn;
  const shots = screenshotDir('pages');

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    editor = await signIn(createApp({ services, config: adminTestConfig }), services, 'editor');
    await services.pages.create(editor.actor, {
      slug: 'about',
      title: 'About the Test Gazette',
      standfirst: 'An independent weekly, owned by a trust and paid for by its readers.',
      body: [b.p('We began in a room above a printer’s shop.'), b.h2('Who owns us'), b.p('A charity whose only purpose is to keep the paper independent.'), b.list(['Facts first', 'Opinions signed'])],
      status: 'published',
    });
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const width of [390, 1366]) {
    it(`shows a page within the screen, linked from the footer and axe-clean at ${width} px`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      const res = await page.goto(`${site.url}/about`);
      expect(res?.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toBe('About the Test Gazette');
      expect(await page.locator('footer a[href="/about"]').count()).toBe(1);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // The reading column keeps a measure on a desktop and the screen's width on a phone.
      const column = await page.locator('.standing-page').boundingBox();
      expect(column!.width).toBeLessThanOrEqual(width >= 1000 ? 720 : width);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `about-${width}.png`), fullPage: true });
      await page.close();
    });
  }

  it('writes a page in the newsroom with the articles’ body editor, and readers see what was typed', async () => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport: { width: 1366, height: 900 } });
    await page.goto(`${site.url}/admin/pages/new`);
    await page.fill('#p-title', 'Contact us');
    await page.fill('#p-slug', 'contact');
    const body = page.locator('#body-editor [contenteditable="true"]');
    await body.click();
    await page.keyboard.type('Write to the newsroom at any hour.');
    await page.selectOption('#p-status', 'published');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(shots, 'admin-new-1366.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/pages\/\d+\?done=created$/), page.click('button:has-text("Create page")')]);
    await expect(page.locator('.toast').textContent()).resolves.toBe('Created');

    const reader = await newTestPage(site.browser, { viewport: { width: 390, height: 800 } });
    await reader.goto(`${site.url}/contact`);
    await expect(reader.locator('.standing-page-body p').first().textContent()).resolves.toBe('Write to the newsroom at any hour.');
    await reader.close();
    await page.close();
  });
});
