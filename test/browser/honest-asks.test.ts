import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article-store.js';
import { b } from '../../src/content/blocks.js';
import { defaultSiteSettings } from '../../src/settings/site-settings.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';

const body = Array.from({ length: 5 }, (_, i) => b.p(`Paragraph ${i + 1}: the council's budget vote was delayed again while the libraries waited for an answer.`));

describe('honest asks and the supporter goal in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let metered: Article[];
  let free: Article;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await seedNewsletters(services);
    await services.settings.save({ id: 1, role: 'admin', author_id: null }, { ...defaultSiteSettings, meterFreeArticles: 5, supporterGoal: 2500 });
    metered = [
      await publishedArticle(services, { headline: 'Libraries wait on the budget', body, access: 'registered' }),
      await publishedArticle(services, { headline: 'The bus routes nobody asked for', body, access: 'registered' }),
    ];
    free = await publishedArticle(services, { headline: 'Council meets again', body });
    const at = new Date().toISOString();
    const reader = await db.database.db.insertInto('subscribers').values({ email: 'member@example.org', created_at: at }).returning('id').executeTakeFirstOrThrow();
    await db.database.db
      .insertInto('memberships')
      .values({ stripe_subscription_id: 'sub_1', stripe_customer_id: 'cus_1', subscriber_id: reader.id, kind: 'membership', tier_id: null, status: 'active', interval: 'month', amount: 500, currency: 'GBP', current_period_end: new Date(Date.now() + 20 * 86_400_000).toISOString(), cancel_at_period_end: 0, past_due_since: null, last_event_created: 1, created_at: at, updated_at: at })
      .execute();
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const width of [1366, 390]) {
    it(`shows a reader's own count in the asks, turns it off without script, and draws /support's goal, at ${width} px, axe-clean`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      page.setDefaultTimeout(8000);
      const shots = screenshotDir('asks');
      for (const article of metered) await page.goto(`${site.url}${article.path}`);
      await page.goto(`${site.url}${free.path}`);
      expect(await page.locator('.support-prompt .ask-count').textContent()).toBe("You've read 2 articles this month.");
      const ask = page.locator('.end-ask');
      expect(await ask.locator('.ask-count').textContent()).toBe("You've read 2 articles this month.");
      expect(await ask.locator('.remind-later button').textContent()).toBe('Remind me later');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: join(shots, `prompt-${width}.png`) });
      await ask.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `end-ask-${width}.png`) });
      await expectNoAxeViolations(page);

      // A plain form post and a redirect back to the same page.
      await Promise.all([page.waitForResponse((r) => r.url() === `${site.url}${free.path}` && r.request().method() === 'GET'), page.locator('.support-prompt .ask-count-off button').click()]);
      await page.waitForLoadState('load');
      expect(await page.locator('.ask-count').count()).toBe(0);
      expect(await page.locator('.end-ask').count()).toBe(1);

      await page.goto(`${site.url}/support`);
      const goal = page.locator('.supporter-goal');
      expect(await goal.locator('h2').textContent()).toBe('Our goal: 2,500 supporters');
      expect(await goal.locator('progress').getAttribute('value')).toBe('1');
      const bar = await goal.locator('progress').boundingBox();
      expect(bar!.width).toBeGreaterThan(200);
      expect(bar!.x + bar!.width).toBeLessThanOrEqual(width);
      await goal.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `goal-${width}.png`) });
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }
});
