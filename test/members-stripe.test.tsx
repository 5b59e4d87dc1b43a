import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createServices, type Services } from '../src/services.js';
import { adminTestConfig, signInReader } from './support/admin.js';
import { AccountPlan } from '../src/members/views/AccountPlan.js';
import { describeEachDatabase } from './support/databases.js';
import { seedPlans } from './support/fixtures.js';
import { signedWebhook, startStripeStandin, stripeEvent, subscriptionObject, type StripeStandin } from './support/stripe-standin.js';

const origin = { origin: adminTestConfig.siteUrl };
const day = 86_400;

describeEachDatabase('payments through Stripe', (fixture) => {
  let standin: StripeStandin;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let plans: Awaited<ReturnType<typeof seedPlans>>;
  let seq = 0;

  beforeAll(async () => {
    standin = await startStripeStandin();
    const { database, dataDir } = fixture();
    services = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir, stripe: standin.config });
    app = createApp({ services, config: adminTestConfig });
    plans = await seedPlans(services);
  });
  afterAll(() => standin.close());

  const db = () => fixture().database.db;
  const post = (fields: Record<string, string>) => app.request('/support/checkout', { method: 'POST', body: new URLSearchParams(fields), headers: origin });
  const deliver = (event: unknown) => {
    const { body, headers } = signedWebhook(event);
    return app.request('/members/stripe/webhook', { method: 'POST', body, headers });
  };
  const membership = (subscriptionId: string) => db().selectFrom('memberships').selectAll().where('stripe_subscription_id', '=', subscriptionId).executeTakeFirst();
  const readerOf = async (email: string) => (await db().selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst())!;
  /** A fresh customer and subscription id per test, so tests never share a membership. */
  const ids = () => {
    seq++;
    return { customer: `cus_t${seq}`, subscription: `sub_t${seq}`, email: `reader${seq}-${process.pid}@example.org` };
  };
  /** A subscription checkout completing for `email`, with Stripe holding `subscription` as retrieve will answer. */
  async function completeCheckout(t: ReturnType<typeof ids>, created: number, periodEnd: number) {
    standin.subscriptions.set(t.subscription, subscriptionObject(t.subscription, { customer: t.customer, status: 'active', periodEnd, metadata: { kind: 'membership', tier_id: String(plans.supporter) } }));
    const session = { id: `cs_${t.subscription}`, object: 'checkout.session', mode: 'subscription', customer: t.customer, subscription: t.subscription, customer_details: { email: t.email }, payment_status: 'paid' };
    const res = await deliver(stripeEvent('checkout.session.completed', session, { created }));
    expect(res.status).toBe(200);
    return readerOf(t.email);
  }

  it('shows choice cards with the tiers, their benefits and the suggested amounts', async () => {
    const res = await app.request('/support');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('action="/support/checkout"');
    expect(html).toMatch(/name="frequency" value="once"/);
    expect(html).toContain('Supporter');
    expect(html).toContain('£5 a month');
    expect(html).toContain('£150 a year');
    expect(html).toContain('Invitations to members’ events');
    expect(html).toMatch(/value="amount:2500"/);
    expect(html).toContain('href="/support?currency=EUR"');
    expect(await (await app.request('/support?currency=EUR')).text()).toContain('€6 a month');
  });

  it('sends a chosen membership to a Stripe Checkout subscription at the price the newsroom set', async () => {
    const res = await post({ currency: 'GBP', frequency: 'month', month: `tier:${plans.supporter}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${standin.url}/pay/cs_`));
    const sent = standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params;
    expect(sent.mode).toBe('subscription');
    expect(sent['line_items[0][price_data][unit_amount]']).toBe('500');
    expect(sent['line_items[0][price_data][currency]']).toBe('gbp');
    expect(sent['line_items[0][price_data][recurring][interval]']).toBe('month');
    expect(sent['subscription_data[metadata][tier_id]']).toBe(String(plans.supporter));
    expect(sent.success_url).toBe('http://localhost/support/thanks');
  });

  it('sends a one-off gift of another amount to a Checkout payment', async () => {
    const res = await post({ currency: 'GBP', frequency: 'once', once: 'other', otherOnce: '12.50' });
    expect(res.status).toBe(303);
    const sent = standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params;
    expect(sent.mode).toBe('payment');
    expect(sent['line_items[0][price_data][unit_amount]']).toBe('1250');
    expect(sent.customer_creation).toBe('always');
  });

  it('refuses an amount that is not one, keeping the typing and naming the problem beside the field', async () => {
    const res = await post({ currency: 'GBP', frequency: 'once', once: 'other', otherOnce: 'twelve' });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('Write the amount as a number');
    expect(html).toMatch(/name="otherOnce"[^>]*value="twelve"/);
    expect(html).toMatch(/id="choice-once-other"[^>]*checked/);
  });

  it('refuses a forged price: only the amounts shown are taken', async () => {
    const before = standin.requests.length;
    const res = await post({ currency: 'GBP', frequency: 'month', month: 'amount:1' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Choose one of the amounts shown');
    expect(standin.requests.length).toBe(before);
  });

  it('answers a bad signature with 400 and changes nothing', async () => {
    const t = ids();
    const event = stripeEvent('customer.subscription.created', subscriptionObject(t.subscription, { customer: t.customer, status: 'active', periodEnd: 2_000_000_000 }), { created: 1_800_000_000 });
    const { body } = signedWebhook(event, 'whsec_someone_else');
    const res = await app.request('/members/stripe/webhook', { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': signedWebhook(event, 'whsec_wrong').headers['stripe-signature']! } });
    expect(res.status).toBe(400);
    const unsigned = await app.request('/members/stripe/webhook', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(400);
    expect(await membership(t.subscription)).toBeUndefined();
    expect(await db().selectFrom('stripe_events').select('id').where('id', '=', event.id).executeTakeFirst()).toBeUndefined();
  });

  it('connects a completed checkout to the reader record, creating a free reader for a new address, and makes them a member', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    expect(reader.stripe_customer_id).toBe(t.customer);
    const row = (await membership(t.subscription))!;
    expect(row).toMatchObject({ subscriber_id: reader.id, status: 'active', kind: 'membership', tier_id: plans.supporter, amount: 500, currency: 'GBP', interval: 'month' });
    expect(await services.memberships.standingOf(reader.id)).toBe('member');
    expect(standin.requests.some((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${t.subscription}`)).toBe(true);
    // An existing newsletter subscriber is the same person: no second record.
    const again = ids();
    await db().insertInto('subscribers').values({ email: again.email, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const existing = await completeCheckout(again, 1_800_000_000, 1_802_592_000);
    expect((await db().selectFrom('subscribers').select('id').where('email', '=', again.email).execute()).length).toBe(1);
    expect((await membership(again.subscription))!.subscriber_id).toBe(existing.id);
  });

  it('changes nothing when an event is replayed', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    const failed = stripeEvent('invoice.payment_failed', { id: `in_${t.subscription}`, object: 'invoice', customer: t.customer, subscription: t.subscription, amount_paid: 0, currency: 'gbp' }, { created: 1_800_000_100 });
    expect((await deliver(failed)).status).toBe(200);
    const afterFirst = await membership(t.subscription);
    expect(afterFirst!.status).toBe('past_due');
    // Stripe retries, and a later "paid" arrives; then the failed event is replayed with its old id.
    const paid = stripeEvent('invoice.paid', { id: `in_${t.subscription}_2`, object: 'invoice', customer: t.customer, subscription: t.subscription, amount_paid: 500, currency: 'gbp' }, { created: 1_800_000_200 });
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(failed)).status).toBe(200);
    const row = (await membership(t.subscription))!;
    expect(row.status).toBe('active');
    expect(row.past_due_since).toBeNull();
    const payments = await db().selectFrom('member_payments').selectAll().where('stripe_subscription_id', '=', t.subscription).execute();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ amount: 500, subscriber_id: reader.id, kind: 'recurring' });
  });

  it('ends in the right state when updated arrives before created, and deleted before updated', async () => {
    const t = ids();
    const sub = (status: string, extra: { cancelAtPeriodEnd?: boolean } = {}) => subscriptionObject(t.subscription, { customer: t.customer, status, periodEnd: 1_802_592_000, ...extra });
    await deliver(stripeEvent('customer.subscription.updated', sub('active', { cancelAtPeriodEnd: true }), { created: 1_800_000_020 }));
    await deliver(stripeEvent('customer.subscription.created', sub('incomplete'), { created: 1_800_000_010 }));
    expect(await membership(t.subscription)).toMatchObject({ status: 'active', cancel_at_period_end: 1 });

    await deliver(stripeEvent('customer.subscription.deleted', sub('canceled'), { created: 1_800_000_040 }));
    await deliver(stripeEvent('customer.subscription.updated', sub('active'), { created: 1_800_000_030 }));
    expect(await membership(t.subscription)).toMatchObject({ status: 'canceled' });

    // Two events in the same second: the final state (cancelled) is kept whichever comes last.
    const u = ids();
    const other = (status: string) => subscriptionObject(u.subscription, { customer: u.customer, status, periodEnd: 1_802_592_000 });
    await deliver(stripeEvent('customer.subscription.deleted', other('canceled'), { created: 1_800_000_050 }));
    await deliver(stripeEvent('customer.subscription.updated', other('active'), { created: 1_800_000_050 }));
    expect(await membership(u.subscription)).toMatchObject({ status: 'canceled' });
  });

  it('keeps a member whose payment failed through the grace period, then makes them free', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    const failedAt = 1_802_592_100;
    await deliver(stripeEvent('customer.subscription.updated', subscriptionObject(t.subscription, { customer: t.customer, status: 'past_due', periodEnd: 1_805_184_000 }), { created: failedAt }));
    await deliver(stripeEvent('invoice.payment_failed', { id: `in_${t.subscription}`, object: 'invoice', customer: t.customer, subscription: t.subscription, amount_paid: 0, currency: 'gbp' }, { created: failedAt + 1 }));
    const at = (seconds: number) => new Date(seconds * 1000);
    expect(await services.memberships.standingOf(reader.id, at(failedAt + 6 * day))).toBe('member');
    expect(await services.memberships.standingOf(reader.id, at(failedAt + 8 * day))).toBe('registered');
    const plan = await services.memberships.planOf(reader.id, at(failedAt + day));
    expect(plan).toMatchObject({ status: 'past_due', graceEndsAt: new Date((failedAt + 7 * day) * 1000).toISOString() });
  });

  it('keeps a cancelled member until the end of the period paid for', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    const periodEnd = 1_802_592_000;
    await deliver(stripeEvent('customer.subscription.updated', subscriptionObject(t.subscription, { customer: t.customer, status: 'active', periodEnd, cancelAtPeriodEnd: true }), { created: 1_800_100_000 }));
    expect(await services.memberships.planOf(reader.id, new Date(1_800_200_000 * 1000))).toMatchObject({ status: 'ending', periodEnd: new Date(periodEnd * 1000).toISOString() });
    // Cancelled at once in the portal: access still runs to the period's end.
    await deliver(stripeEvent('customer.subscription.deleted', subscriptionObject(t.subscription, { customer: t.customer, status: 'canceled', periodEnd }), { created: 1_800_200_000 }));
    expect(await services.memberships.standingOf(reader.id, new Date((periodEnd - 3600) * 1000))).toBe('member');
    expect(await services.memberships.standingOf(reader.id, new Date((periodEnd + 3600) * 1000))).toBe('registered');
  });

  it('opens the Customer Portal for a signed-in member, and shows the plan with its renewal date on the account page', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    const session = await signInReader(services, reader.id);
    const billing = (fields: Record<string, string>, cookie = session.cookie) =>
      app.request('/account/billing', { method: 'POST', body: new URLSearchParams(fields), headers: { ...origin, cookie } });
    const res = await billing({ _csrf: session.csrfToken });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${standin.url}/portal/bps_`));
    expect(standin.requests.filter((r) => r.path === '/v1/billing_portal/sessions').at(-1)!.params).toMatchObject({ customer: t.customer, return_url: 'http://localhost/account' });
    expect((await billing({ _csrf: 'forged' })).status).toBe(403);
    expect((await billing({}, '')).headers.get('location')).toBe('/account/sign-in');

    const plan = await services.memberships.planOf(reader.id, new Date(1_800_000_500 * 1000));
    const html = String(<AccountPlan readerId={reader.id} plan={plan} csrfToken="tok" />);
    expect(html).toContain('Supporter membership');
    expect(html).toContain('£5 a month');
    expect(html).toContain('Renews on 14 February 2027');
    expect(html).toContain('action="/account/billing"');
  });

  it('records a one-off gift and its refund', async () => {
    const t = ids();
    const session = { id: `cs_gift${seq}`, object: 'checkout.session', mode: 'payment', customer: t.customer, payment_intent: `pi_${seq}`, amount_total: 2500, currency: 'gbp', customer_details: { email: t.email }, payment_status: 'paid' };
    await deliver(stripeEvent('checkout.session.completed', session, { created: 1_800_000_000 }));
    const reader = await readerOf(t.email);
    expect(await services.memberships.standingOf(reader.id)).toBe('registered');
    await deliver(stripeEvent('charge.refunded', { id: `ch_${seq}`, object: 'charge', payment_intent: `pi_${seq}`, amount: 2500, amount_refunded: 2500 }, { created: 1_800_000_500 }));
    const payment = await db().selectFrom('member_payments').selectAll().where('stripe_payment_intent', '=', `pi_${seq}`).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ kind: 'one_off', amount: 2500, amount_refunded: 2500, currency: 'GBP', subscriber_id: reader.id });
  });

  it('cancels the subscription at Stripe and keeps payments as amounts when a reader is deleted', async () => {
    const t = ids();
    const reader = await completeCheckout(t, 1_800_000_000, 1_802_592_000);
    await deliver(stripeEvent('invoice.paid', { id: `in_${t.subscription}`, object: 'invoice', customer: t.customer, subscription: t.subscription, amount_paid: 500, currency: 'gbp', customer_email: t.email }, { created: 1_800_000_001 }));
    await services.readerAccounts.deleteAccount(reader.id);
    expect(standin.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/subscriptions/${t.subscription}`)).toBe(true);
    const payment = await db().selectFrom('member_payments').selectAll().where('stripe_invoice', '=', `in_${t.subscription}`).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ amount: 500, subscriber_id: null, email: null });
    expect(await db().selectFrom('subscribers').select('id').where('id', '=', reader.id).executeTakeFirst()).toBeUndefined();
  });
});

describeEachDatabase('/support without Stripe keys', (fixture) => {
  it('keeps the addresses set in the newsroom', async () => {
    const { services } = fixture();
    await services.settings.save({ id: 0, role: 'admin', author_id: null }, { ...(await services.settings.get()), membershipUrl: 'https://pay.example.org/member', donationUrl: 'https://pay.example.org/give' });
    const html = await (await createApp({ services, config: adminTestConfig }).request('/support')).text();
    expect(html).toContain('href="https://pay.example.org/member"');
    expect(html).toContain('href="https://pay.example.org/give"');
    expect(html).not.toContain('/support/checkout');
  });
});

describe('the Stripe configuration', () => {
  it('names a missing webhook secret', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(() => loadConfig({ DATA_DIR: fixtureDir(), STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set/);
    expect(() => loadConfig({ DATA_DIR: fixtureDir(), STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x', STRIPE_API_URL: 'ftp://x' })).toThrow(/STRIPE_API_URL/);
    expect(loadConfig({ DATA_DIR: fixtureDir(), STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_x' }).stripe).toEqual({ secretKey: 'sk_test_abc', webhookSecret: 'whsec_x', apiUrl: 'https://api.stripe.com' });
  });
});

const fixtureDir = () => mkdtempSync(join(tmpdir(), 'broadsheet-config-'));
