import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/services.js';
import { browserSite, expectNoAxeViolations, newTestPage, openEmailedSignInLink, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { seedNewsletters, seedNewsroom } from '../support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

describe('a reader signs in and sees their account in Chromium', () => {
  let db: TestDatabase;
  let services: Services;
  let sink: SmtpSink;
  const site = browserSite();
  const shots = screenshotDir('account');

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    sink = site.own(await startSmtpSink());
    services = createServices(db.database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', secretKey: 'b'.repeat(40), smtpUrl: sink.url, siteName: 'Test Gazette' });
    await seedNewsroom(services);
    await seedNewsletters(services);
    await site.start(services);
  });

  afterAll(() => site.close());

  for (const width of [390, 1366]) {
    it(`signs in with the emailed link and shows /account at ${width}px, axe-clean`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      const email = `reader-${width}@example.org`;
      await page.goto(`${site.url}/account`);
      expect(new URL(page.url()).pathname).toBe('/account/sign-in');
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `sign-in-${width}.png`), fullPage: true });

      await openEmailedSignInLink(page, email, { siteUrl: site.url, sink, services });
      await expect.poll(() => page.locator('main').textContent()).toContain(email);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Sign in' }).click();

      await expect.poll(() => new URL(page.url()).pathname).toBe('/account');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Your account');
      expect(await page.locator('main').textContent()).toContain('Free reader');
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === 'broadsheet_reader')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

      await page.getByLabel('Your name').fill('Rita Reader');
      await page.getByRole('button', { name: 'Save name' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Your name is saved.');

      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(shots, `account-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
