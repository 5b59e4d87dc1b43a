import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsroom, seedPlans } from '../support/fixtures.js';
import { startStripeStandin, type StripeStandin } from '../support/stripe-standin.js';

describe('/support choice cards in Chromium', () => {
  let db: TestDatabase;
  let standin: StripeStandin;
  const site = browserSite();
  const shots = screenshotDir('members');

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    standin = site.own(await startStripeStandin());
    const services = createServices(db.database, { timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1', dataDir: db.dataDir, stripe: standin.config });
    await seedNewsroom(services);
    await seedPlans(services);
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const width of [390, 1366]) {
    it(`shows the chosen frequency's cards within the screen, axe-clean, and a chosen card goes to Checkout at ${width} px`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      expect((await page.goto(`${site.url}/support`))?.status()).toBe(200);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      // Monthly is chosen first: the tiers show with their benefits, the one-off amounts do not.
      await expect(page.locator('.choice-panel-month').isVisible()).resolves.toBe(true);
      await expect(page.locator('.choice-panel-once').isVisible()).resolves.toBe(false);
      await expect(page.locator('.choice-panel-month .choice-benefits').first().isVisible()).resolves.toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `support-monthly-${width}.png`), fullPage: true });

      await page.click('label[for="frequency-once"]');
      await expect(page.locator('.choice-panel-once').isVisible()).resolves.toBe(true);
      await expect(page.locator('.choice-panel-month').isVisible()).resolves.toBe(false);
      await page.click('label[for="choice-once-amount-2500"]');
      await expect(page.locator('#choice-once-amount-2500').isChecked()).resolves.toBe(true);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `support-once-${width}.png`), fullPage: true });

      await Promise.all([page.waitForURL(new RegExp(`^${standin.url}/pay/cs_`)), page.click('button:has-text("Continue to payment")')]);
      const sent = standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params;
      expect(sent).toMatchObject({ mode: 'payment', 'line_items[0][price_data][unit_amount]': '2500' });
      await page.close();
    });
  }
});
