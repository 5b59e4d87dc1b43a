import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase } from '../support/databases.js';

const shots = screenshotDir('fediverse');
const widths = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('the Fediverse block of the newsroom settings in Chromium', () => {
  const site = browserSite();
  let admin: SignedIn;

  beforeAll(async () => {
    const db = site.own(await createSqliteDatabase());
    admin = await signIn(createAdminTestApp(db.services), db.services, 'admin');
    await db.services.fediverse.settings.save(admin.actor, { enabled: true, handle: 'gazette', description: 'The Gazette on the fediverse.' });
    await site.start(db.services);
  });

  afterAll(() => site.close());

  for (const size of widths) {
    it(`shows the handle and followers and fits the screen at ${size.width} px, axe-clean`, async () => {
      const page = await signedInPage(site.browser, site.url, admin, { viewport: { width: size.width, height: size.height } });
      await page.goto(`${site.url}/admin/settings#fediverse`);
      const block = page.locator('#fediverse');
      await expect(block.getByRole('heading', { name: 'Fediverse' }).isVisible()).resolves.toBe(true);
      expect(await block.textContent()).toContain('@gazette@localhost');
      expect(await block.textContent()).toContain('0 followers.');
      expect(await page.getByLabel('Publish to the fediverse').isChecked()).toBe(true);
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      await block.screenshot({ path: `${shots}/settings-${size.name}.png` });
      await expectNoAxeViolations(page);
      await page.close();
    });
  }
});
