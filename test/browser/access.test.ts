import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article-store.js';
import { b } from '../../src/content/blocks.js';
import { defaultSiteSettings } from '../../src/settings/site-settings.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

const body = Array.from({ length: 8 }, (_, i) => b.p(`Paragraph ${i + 1} of the reporting: the harbour board met again and the cranes stayed still while the unions waited for figures.`));

describe('metered and members-only articles in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let metered: Article[];
  let membersOnly: Article;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    await services.settings.save({ id: 1, role: 'admin', author_id: null }, { ...defaultSiteSettings, meterFreeArticles: 1 });
    metered = [
      await publishedArticle(services, { headline: 'Harbour strike enters its second week', standfirst: 'Dock workers hold out for a better offer.', body, access: 'registered' }),
      await publishedArticle(services, { headline: 'The port that forgot its ships', standfirst: 'A long read on a quiet quay.', body, access: 'registered' }),
    ];
    membersOnly = await publishedArticle(services, { headline: 'Inside the harbour board’s books', standfirst: 'What the accounts show.', body, access: 'members' });
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const width of [1366, 390]) {
    it(`reads one metered article, then meets the registration wall, at ${width} px, axe-clean and within the screen`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      const shots = screenshotDir('access');
      await page.goto(`${site.url}${metered[0]!.path}`);
      expect(await page.locator('.article-body p').count()).toBe(8);
      expect(await page.locator('.gift-prompt a').getAttribute('href')).toBe(`/gift/new?article=${metered[0]!.id}`);

      await page.goto(`${site.url}${metered[1]!.path}`);
      expect(await page.locator('.article-preview p').count()).toBe(3);
      expect(await page.locator('.article-body').count()).toBe(0);
      const offer = page.locator('.access-offer');
      expect(await offer.locator('h2').textContent()).toBe('Register to keep reading');
      const button = await offer.locator('.access-offer-primary').boundingBox();
      expect(button!.height).toBeGreaterThanOrEqual(44);
      expect(button!.x + button!.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await offer.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `wall-${width}.png`) });
      await expectNoAxeViolations(page);

      await page.goto(`${site.url}${membersOnly.path}`);
      expect(await page.locator('.access-offer h2').textContent()).toBe('This article is for members');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.locator('.access-offer').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `members-${width}.png`) });
      await expectNoAxeViolations(page);

      await page.goto(`${site.url}/gift/new?article=${membersOnly.id}`);
      expect(await page.locator('h1').textContent()).toBe('Share as a gift');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: join(shots, `gift-${width}.png`) });
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }
});
