import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article-store.js';
import { b } from '../../src/content/blocks.js';
import { createServices, type Services } from '../../src/services.js';
import { defaultSiteSettings } from '../../src/settings/site-settings.js';
import { browserSite, expectNoAxeViolations, freePort, newTestPage, openEmailedSignInLink, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom, seedPlans } from '../support/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startStripeStandin, stripeEvent, subscriptionObject, type StripeStandin } from '../support/stripe-standin.js';

const body = Array.from({ length: 8 }, (_, i) => b.p(`Paragraph ${i + 1}: the harbour board met again, the cranes stayed still and the unions waited for the figures.`));
const DAY = 86_400_000;
const email = 'rita@example.org';

/**
 * Reader revenue from one reader's side, in Chromium against the real app and the Stripe
 * stand-in: the meter, the registration wall, registering by emailed link, the membership
 * offer, paying at the stand-in's Checkout, the signed webhook, the members-only article;
 * then cancelling (access ends at the period's end) and a failed payment (a grace period,
 * then free), with the test's clock moved rather than waited for. Forged cookies, tampered
 * gift links, replayed, out-of-order and badly signed events change nothing on the way.
 */
describe('the reader-revenue journey in Chromium', () => {
  let db: TestDatabase;
  let services: Services;
  let sink: SmtpSink;
  let standin: StripeStandin;
  const site = browserSite();
  let page: Page;
  let metered: Article[];
  let membersOnly: Article;
  let supporterTier: number;
  let readerId: number;
  let skew = 0;
  const now = () => new Date(Date.now() + skew);
  const seconds = () => Math.floor(now().getTime() / 1000);
  const shots = screenshotDir('revenue');

  /** Both widths, axe-clean when asked, each a screenshot of what the reader sees at `selector`. */
  async function atBothWidths(name: string, selector: string, axe: boolean) {
    for (const width of [390, 1366]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.locator(selector).first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `${name}-${width}.png`) });
      if (axe) await expectNoAxeViolations(page);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  const paragraphsShown = async (path: string, on = page) => {
    await on.goto(`${site.url}${path}`);
    return on.locator('.article-body p').count();
  };
  const offerOn = async (path: string, on = page) => {
    await on.goto(`${site.url}${path}`);
    return on.locator('.access-offer h2').textContent();
  };
  const membership = () => services.database.db.selectFrom('memberships').selectAll().where('subscriber_id', '=', readerId).orderBy('id', 'desc').executeTakeFirstOrThrow();

  /** Pays for a Supporter membership from /support through the stand-in's Checkout page. */
  async function payForSupporter() {
    await page.goto(`${site.url}/support`);
    await page.click(`label[for="choice-month-tier-${supporterTier}"]`);
    await Promise.all([page.waitForURL(new RegExp(`^${standin.url}/pay/cs_`)), page.click('button:has-text("Continue to payment")')]);
    await Promise.all([page.waitForURL(`${site.url}/support/thanks`), page.click('button:has-text("Pay")')]);
  }

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    sink = site.own(await startSmtpSink());
    standin = site.own(await startStripeStandin({ now }));
    // Checkout returns to the site's own address, so the port is chosen before the services are made.
    const port = await freePort();
    const siteUrl = `http://127.0.0.1:${port}`;
    services = createServices(db.database, { timeZone: 'Europe/London', siteUrl, dataDir: db.dataDir, secretKey: 'j'.repeat(40), smtpUrl: sink.url, siteName: 'Test Gazette', stripe: standin.config, now });
    await seedNewsroom(services);
    await seedNewsletters(services);
    supporterTier = (await seedPlans(services)).supporter;
    await services.settings.save({ id: 1, role: 'admin', author_id: null }, { ...defaultSiteSettings, meterFreeArticles: 2, meterRegisteredArticles: 1 });
    metered = [];
    for (const headline of ['Harbour strike enters its second week', 'The port that forgot its ships', 'Cranes idle as talks stall', 'What the dockers were offered']) {
      metered.push(await publishedArticle(services, { headline, standfirst: 'From the quays.', body, access: 'registered' }));
    }
    membersOnly = await publishedArticle(services, { headline: 'Inside the harbour board’s books', standfirst: 'What the accounts show.', body, access: 'members' });
    await site.start(services, { siteUrl }, port);
    standin.webhookUrl = `${site.url}/members/stripe/webhook`;
    page = await newTestPage(site.browser, { viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(8_000);
  }, 60_000);

  afterAll(() => site.close());

  it('meets the registration wall after N metered articles, axe-clean at 390 and 1366 px', async () => {
    expect(await paragraphsShown(metered[0]!.path)).toBe(8);
    expect(await paragraphsShown(metered[1]!.path)).toBe(8);
    expect(await offerOn(metered[2]!.path)).toBe('Register to keep reading');
    expect(await page.locator('.article-body').count()).toBe(0);
    await atBothWidths('wall', '.access-offer', true);
  });

  it('registers with the emailed link, reads M more and meets the membership offer, axe-clean', async () => {
    await page.click('.access-offer-primary');
    expect(new URL(page.url()).pathname).toBe('/account/sign-in');
    await openEmailedSignInLink(page, email, { siteUrl: site.url, sink, services });
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Back at the article the wall stood in front of, now signed in.
    await expect.poll(() => new URL(page.url()).pathname).toBe(metered[2]!.path);
    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan-name').textContent()).toBe('Free reader');
    readerId = (await services.database.db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

    // The meter carries on from the anonymous reads: one more opens, then membership is offered.
    expect(await paragraphsShown(metered[2]!.path)).toBe(8);
    expect(await offerOn(metered[3]!.path)).toBe('You have read this month’s articles');
    expect(await offerOn(membersOnly.path)).toBe('This article is for members');
    await atBothWidths('offer', '.access-offer', true);
  });

  it('pays through the stand-in Checkout; the signed webhook makes a member, the members-only article opens and /account shows the plan', async () => {
    await page.goto(`${site.url}${membersOnly.path}`);
    await page.click('.access-offer-primary');
    expect(new URL(page.url()).pathname).toBe('/support');
    await payForSupporter();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you');
    await atBothWidths('checkout-return', 'main', false);

    const row = await membership();
    expect(row).toMatchObject({ status: 'active', tier_id: supporterTier, amount: 500, currency: 'GBP', kind: 'membership' });
    expect((await services.database.db.selectFrom('member_payments').selectAll().where('subscriber_id', '=', readerId).execute()).map((p) => p.amount)).toEqual([500]);

    expect(await paragraphsShown(membersOnly.path)).toBe(8);
    expect(await page.locator('.access-offer').count()).toBe(0);
    await atBothWidths('opened', '.article-body', false);
    expect(await paragraphsShown(metered[3]!.path)).toBe(8);

    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan-name').textContent()).toBe('Supporter membership · £5 a month');
    expect(await page.locator('.account-plan').textContent()).toContain('Renews on');
  });

  it('gives a forged or altered reader cookie no member access', async () => {
    const real = (await page.context().cookies()).find((c) => c.name === 'broadsheet_reader')!;
    for (const value of [`${real.value.slice(0, -2)}xx`, 'made-up.session.value']) {
      const stranger = await newTestPage(site.browser);
      await stranger.context().addCookies([{ name: 'broadsheet_reader', value, url: site.url }]);
      expect(await offerOn(membersOnly.path, stranger)).toBe('This article is for members');
      expect(await stranger.locator('.article-body').count()).toBe(0);
      await stranger.context().close();
    }
  });

  it("opens a member's gift link for anyone, and shows the gated form for a tampered one", async () => {
    await page.goto(`${site.url}/gift/new?article=${membersOnly.id}`);
    await page.getByRole('button', { name: 'Make a gift link' }).click();
    const link = new URL((await page.locator('#gift-link').inputValue())!);
    const token = link.searchParams.get('gift')!;
    const friend = await newTestPage(site.browser);
    friend.setDefaultTimeout(8_000);
    expect(await paragraphsShown(`${link.pathname}?gift=${token}`, friend)).toBe(8);
    const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await offerOn(`${link.pathname}?gift=${tampered}`, friend)).toBe('This article is for members');
    expect(await friend.locator('.article-body').count()).toBe(0);
    await friend.context().close();
  });

  it('changes nothing for a replayed, out-of-order or badly signed event', async () => {
    const before = await membership();
    const payments = async () => (await services.database.db.selectFrom('member_payments').select('id').execute()).length;
    const paid = await payments();
    const sub = standin.subscriptions.get(before.stripe_subscription_id)!;
    const ended = { ...sub, status: 'canceled' };
    // Signed with another secret: refused, nothing applied.
    expect(await standin.deliver(stripeEvent('customer.subscription.deleted', ended, { created: seconds() }), 'whsec_not_the_sites')).toBe(400);
    // Older than what the site last applied: ignored.
    expect(await standin.deliver(stripeEvent('customer.subscription.deleted', ended, { created: seconds() - 3600 }))).toBe(200);
    // The same invoice event twice: one payment.
    const invoicePaid = stripeEvent('invoice.paid', { id: 'in_replayed', object: 'invoice', customer: before.stripe_customer_id, subscription: before.stripe_subscription_id, amount_paid: 500, currency: 'gbp' }, { created: seconds() });
    expect(await standin.deliver(invoicePaid)).toBe(200);
    expect(await standin.deliver(invoicePaid)).toBe(200);
    expect(await payments()).toBe(paid + 1);
    expect(await membership()).toMatchObject({ status: 'active', current_period_end: before.current_period_end });
    expect(await paragraphsShown(membersOnly.path)).toBe(8);
  });

  it('cancelled: still a member until the period ends, then the members-only article is gated', async () => {
    const row = await membership();
    const periodEnd = Math.floor(Date.parse(row.current_period_end!) / 1000);
    const sub = (status: string, cancelAtPeriodEnd: boolean) =>
      subscriptionObject(row.stripe_subscription_id, { customer: row.stripe_customer_id!, status, periodEnd, cancelAtPeriodEnd, metadata: { kind: 'membership', tier_id: String(supporterTier) } });
    expect(await standin.deliver(stripeEvent('customer.subscription.updated', sub('active', true), { created: seconds() + 1 }))).toBe(200);
    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan').textContent()).toContain('Cancelled: yours until');
    expect(await paragraphsShown(membersOnly.path)).toBe(8);

    // A day before the period ends: still a member.
    skew = (periodEnd * 1000 - Date.now()) - DAY;
    expect(await paragraphsShown(membersOnly.path)).toBe(8);
    // The period ends and Stripe deletes the subscription.
    skew = periodEnd * 1000 - Date.now() + 60_000;
    expect(await standin.deliver(stripeEvent('customer.subscription.deleted', sub('canceled', false), { created: seconds() }))).toBe(200);
    expect(await offerOn(membersOnly.path)).toBe('This article is for members');
    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan-name').textContent()).toBe('Free reader');
    expect(await page.locator('.account-plan').textContent()).toContain('Become a member again');
  });

  it('a failed payment leaves a member in a grace period, then free once it has passed', async () => {
    await payForSupporter();
    expect(await paragraphsShown(membersOnly.path)).toBe(8);
    const row = await membership();
    expect(row.status).toBe('active');
    const failed = stripeEvent('invoice.payment_failed', { id: 'in_failed', object: 'invoice', customer: row.stripe_customer_id, subscription: row.stripe_subscription_id, amount_paid: 0, currency: 'gbp' }, { created: seconds() + 1 });
    expect(await standin.deliver(failed)).toBe(200);
    expect(await membership()).toMatchObject({ status: 'past_due' });
    expect(await paragraphsShown(membersOnly.path)).toBe(8);
    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan').textContent()).toContain('did not go through');

    skew += 6 * DAY;
    expect(await paragraphsShown(membersOnly.path)).toBe(8);
    skew += 2 * DAY;
    expect(await offerOn(membersOnly.path)).toBe('This article is for members');
    await page.goto(`${site.url}/account`);
    expect(await page.locator('.account-plan-name').textContent()).toBe('Free reader');
  });
});
