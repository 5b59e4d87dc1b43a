import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/services.js';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from '../support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const shots = screenshotDir('newsletters');
const widths = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

describe('newsletters from the desk in Chromium', () => {
  let db: TestDatabase;
  let sink: SmtpSink;
  let services: Services;
  const site = browserSite();
  let editor: SignedIn;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    sink = site.own(await startSmtpSink());
    services = createServices(db.database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', smtpUrl: sink.url, mailFrom: 'Test Gazette <news@test.example>' });
    await seedNewsroom(services);
    await seedNewsletters(services);
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    await publishedArticle(services, { headline: 'Night ferries return to the northern isles', standfirst: 'After two winters, the crossing is back.' }, { publishedAt: ago(30) });
    await publishedArticle(services, { headline: 'A port city rethinks its waterfront' }, { publishedAt: ago(60) });
    await services.newsletters.subscriptions.importSubscribers('daily-brief', ['reader@example.org']);
    const app = createAdminTestApp(services);
    await site.serve(app.fetch);
    editor = await signIn(app, services, 'editor');
  });

  afterAll(() => site.close());

  const openAs = async (size: (typeof widths)[number]) => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport: { width: size.width, height: size.height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, errors };
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

  it('sends a test issue from the newsletter page, and it arrives in the SMTP server', async () => {
    const { page, errors } = await openAs(widths[0]!);
    await page.goto(`${site.url}/admin/newsletters/daily-brief`);
    await page.getByRole('button', { name: 'Send a test to me' }).click();
    // The page's own words, so that a refusal shows what the editor was told. (Not the
    // ?done= address: the toast takes it out of the address bar, sometimes before a wait
    // for the address would have seen it.)
    await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toContain('Test sent to your address');
    await sink.waitFor(1);
    const [mail] = await sink.parsed();
    expect(mail!.subject).toBe('[Test] The Daily Brief: Night ferries return to the northern isles');
    expect(sink.messages[0]!.to).toEqual([editor.email]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const size of widths) {
    it(`shows the newsletters, a newsletter and a composed issue at ${size.width} px, axe-clean`, async () => {
      const { page, errors } = await openAs(size);
      await page.goto(`${site.url}/admin/newsletters`);
      await expect.poll(() => page.locator('.nl-day').count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page);
      await shoot(page, `newsletters-${size.name}`);

      await page.goto(`${site.url}/admin/newsletters/daily-brief`);
      await expectNoAxeViolations(page);
      await shoot(page, `newsletter-${size.name}`);
      // Nothing on the page is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);

      await page.getByRole('button', { name: 'Compose now' }).click();
      await page.waitForURL(/\/issues\/\d+$/);
      await expect.poll(() => page.locator('.nl-articles a').allTextContents()).toEqual(['Night ferries return to the northern isles', 'A port city rethinks its waterfront']);
      // The email shows in its frame, styled by its own inline CSS under its own policy.
      const frame = page.frameLocator('iframe.nl-preview-frame');
      await expect.poll(() => frame.getByText('Night ferries return to the northern isles').count()).toBeGreaterThan(0);
      await expectNoAxeViolations(page);
      await shoot(page, `issue-${size.name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('shows the email under the real policies (no CSP bypass), then sends it with the Send button', async () => {
    const page = await signedInPage(site.browser, site.url, editor, { viewport: { width: 1366, height: 900 }, bypassCSP: false });
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    await page.goto(`${site.url}/admin/newsletters/daily-brief`);
    await page.getByRole('button', { name: 'Compose now' }).click();
    await page.waitForURL(/\/issues\/\d+$/);
    const frame = page.frameLocator('iframe.nl-preview-frame');
    await expect.poll(() => frame.getByText('Night ferries return to the northern isles').count()).toBeGreaterThan(0);
    expect(refused).toEqual([]);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Sending: the issue is on its way to subscribers');
    await expect.poll(() => page.locator('.nl-figures').textContent()).toContain('Recipients1');
    await shoot(page, 'issue-sending-desktop');
    await page.context().close();
  });
});
