import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, signIn, type SignedIn } from '../support/admin.js';
import { browserSite, expectNoAxeViolations, screenshotDir, signedInPage } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const shots = screenshotDir('webhooks');
const widths = [
  { name: 'desktop', viewport: { width: 1366, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const;

describe('the newsroom Webhooks pages in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let admin: SignedIn;
  let receiver: WebhookReceiver;
  let id: number;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    receiver = site.own(await startWebhookReceiver());
    const { services } = db;
    admin = await signIn(createAdminTestApp(services), services, 'admin');
    const made = await services.webhooks.create(admin.actor, { url: receiver.url, events: ['article.published', 'article.unpublished', 'newsletter.issue.sent'], description: 'Slack relay for the night desk' });
    receiver.secret = made.secret;
    id = made.subscription.id;
    // A log with a failure and a success in it.
    receiver.answers = [502];
    await services.webhooks.sendTest(admin.actor, id);
    await services.webhooks.emit('article.published', { article: { id: 1 } });
    await services.webhooks.deliverDue();
    await site.start(services);
  });

  afterAll(() => site.close());

  const open = async (viewport: { width: number; height: number }, path: string): Promise<Page> => {
    const page = await signedInPage(site.browser, site.url, admin, { viewport });
    await page.goto(`${site.url}${path}`);
    return page;
  };

  for (const { name, viewport } of widths) {
    it(`the list, the form and a webhook's delivery log read well and pass axe at ${name} width`, async () => {
      const list = await open(viewport, '/admin/webhooks');
      await expect(list.getByRole('table', { name: 'Webhooks' })).toBeDefined();
      expect(await list.getByRole('link', { name: receiver.url }).count()).toBe(1);
      expect(await list.getByRole('group', { name: 'Events' }).getByRole('checkbox').count()).toBe(6);
      await list.screenshot({ path: `${shots}/list-${name}.png`, fullPage: true });
      await expectNoAxeViolations(list);
      // Nothing sticks out sideways on a phone.
      expect(await list.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

      const log = await open(viewport, `/admin/webhooks/${id}`);
      const rows = log.getByRole('table', { name: 'Deliveries, newest first' }).getByRole('row');
      expect(await rows.count()).toBe(3);
      expect(await log.getByRole('cell', { name: '502', exact: true }).count()).toBe(1);
      expect(await log.getByRole('cell', { name: '200', exact: true }).count()).toBe(1);
      await log.screenshot({ path: `${shots}/log-${name}.png`, fullPage: true });
      await expectNoAxeViolations(log);
      expect(await log.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await log.context().close();
      await list.context().close();
    });
  }

  it('Send test, clicked, queues a delivery and the page says so', async () => {
    const page = await open({ width: 1366, height: 900 }, `/admin/webhooks/${id}`);
    await page.getByRole('button', { name: 'Send test' }).click();
    // The toast script takes ?done= out of the address bar at once: wait for what the editor reads instead.
    await page.getByText('Test delivery queued').first().waitFor();
    await db.services.webhooks.deliverDue();
    await page.reload();
    expect(await page.getByRole('table', { name: 'Deliveries, newest first' }).getByRole('row').count()).toBe(4);
    await page.context().close();
  });
});
