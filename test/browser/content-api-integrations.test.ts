import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { adminTestConfig, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';

const shots = screenshotDir('integrations');
const widths = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe('Integrations (API keys) in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let admin: SignedIn;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const config = { ...adminTestConfig, siteUrl: 'http://127.0.0.1' };
    admin = await signIn(createApp({ services: db.services, config }), db.services, 'admin');
    const old = await db.services.apiKeys.create(admin.actor, { kind: 'content', name: 'Old partner site' });
    await db.services.apiKeys.revoke(admin.actor, old.key.id);
    await db.services.apiKeys.create(admin.actor, { kind: 'admin', name: 'Automations', role: 'editor' });
    await site.serve(createApp({ services: db.services, config }).fetch);
  });

  afterAll(() => site.close());

  for (const { name, viewport } of widths) {
    it(`makes a key at ${viewport.width} px, shows its secret once, axe-clean, nothing wider than the screen`, async () => {
      const page = await signedInPage(site.browser, site.url, admin, { viewport });
      expect((await page.goto(`${site.url}/admin/integrations`))?.status()).toBe(200);
      await expectNoAxeViolations(page);
      await page.fill('#key-name', `Mobile app (${name})`);
      await page.click('button:has-text("Make key")');
      await expect(page.locator('#made-key-heading').textContent()).resolves.toBe(`Content API key “Mobile app (${name})” made`);
      const secret = await page.locator('#made-key-secret').inputValue();
      expect(secret).toMatch(/^[0-9a-f]{26}$/);
      expect(await db.services.apiKeys.authenticateContent(secret)).toMatchObject({ name: `Mobile app (${name})` });
      await expect(page.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(3);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `${shots}/integrations-${name}.png`, fullPage: true });
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }
});
