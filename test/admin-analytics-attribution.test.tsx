import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Article } from '../src/content/article-store.js';
import { createServices, type Services } from '../src/services.js';
import { adminGet, adminTestConfig, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { membershipRow, publishedArticle, seedNewsletters, seedNewsroom, seedPlans, subscription } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { signedWebhook, startStripeStandin, stripeEvent, subscriptionObject, type StripeStandin } from './support/stripe-standin.js';

const origin = { origin: adminTestConfig.siteUrl };
const botAgent = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

describeEachDatabase('where signups, memberships and newsletter clicks came from', (fixture) => {
  let sink: SmtpSink;
  let standin: StripeStandin;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let plans: Awaited<ReturnType<typeof seedPlans>>;
  let article: Article;
  let editor: SignedIn;

  beforeAll(async () => {
    sink = await startSmtpSink();
    standin = await startStripeStandin();
    const { database, dataDir } = fixture();
    services = createServices(database, { ...adminTestConfig, dataDir, secretKey: 's'.repeat(40), smtpUrl: sink.url, stripe: standin.config });
    app = createApp({ services, config: adminTestConfig });
    await seedNewsroom(services);
    await seedNewsletters(services);
    plans = await seedPlans(services);
    article = await publishedArticle(services, { headline: 'Harbour strike ends' }, { publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    editor = await signIn(app, services, 'editor');
  });
  afterAll(async () => {
    await sink.close();
    await standin.close();
  });
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  const db = () => fixture().database.db;
  const html = async (path: string, who?: SignedIn) => parseHTML(await (await (who ? adminGet(app, who, path) : app.request(path))).text()).document;
  const facts = async (articleId = article.id) => {
    const dl = (await html(`/admin/analytics/articles/${articleId}`, editor)).querySelector('.an-facts')!;
    return Object.fromEntries([...dl.querySelectorAll('dt')].map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]));
  };

  it('counts a newsletter signup made from an article page for that article, once confirmed', async () => {
    const form = (await html(article.path)).querySelector('.signup-box form')!;
    expect(form.querySelector('input[name="from_article"]')!.getAttribute('value')).toBe(String(article.id));
    const fields = new URLSearchParams([...form.querySelectorAll('input[type="hidden"]')].map((i) => [i.getAttribute('name')!, i.getAttribute('value')!]));
    // A refused try (no address) comes back still naming the article.
    const refused = await app.request('/newsletters/subscribe', { method: 'POST', body: new URLSearchParams([...fields, ['newsletter', 'daily-brief']]), headers: origin });
    expect(refused.status).toBe(422);
    expect(parseHTML(await refused.text()).document.querySelector('input[name="from_article"]')!.getAttribute('value')).toBe(String(article.id));
    fields.set('email', 'reader@example.org');
    fields.append('newsletter', 'daily-brief');
    const res = await app.request('/newsletters/subscribe', { method: 'POST', body: fields, headers: origin });
    expect(res.status).toBe(200);
    expect(await facts()).toMatchObject({ 'Newsletter signups': '0 (1 waiting for confirmation)' });

    await sink.waitFor(1);
    const confirmUrl = /Confirm: (\S+)/.exec((await sink.parsed())[0]!.text!)![1]!;
    expect((await app.request(new URL(confirmUrl).pathname, { method: 'POST', headers: origin })).status).toBe(200);
    expect(await facts()).toMatchObject({ 'Newsletter signups': '1' });
    // A signup from elsewhere, or naming no article that exists, is counted for none.
    await app.request('/newsletters/subscribe', { method: 'POST', body: new URLSearchParams({ email: 'other@example.org', newsletter: 'daily-brief', from_article: '999999' }), headers: origin });
    const other = await db().selectFrom('subscriptions').innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id').where('email', '=', 'other@example.org').select('source_article_id').executeTakeFirstOrThrow();
    expect(other.source_article_id).toBeNull();
  });

  /** A membership bought through /support with `fields` (as its form posts them), and Stripe's webhook for it coming back. */
  const becomeMember = async (fields: URLSearchParams, subscriptionId: string) => {
    fields.set('currency', 'GBP');
    fields.set('frequency', 'month');
    fields.set('month', `tier:${plans.supporter}`);
    expect((await app.request('/support/checkout', { method: 'POST', body: fields, headers: origin })).status).toBe(303);
    const sent = standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params;
    const metadata = { kind: 'membership', tier_id: String(plans.supporter), article_id: sent['subscription_data[metadata][article_id]'] ?? '' };
    const created = Math.floor(Date.now() / 1000);
    const { body, headers } = signedWebhook(stripeEvent('customer.subscription.created', subscriptionObject(subscriptionId, { customer: `cus_${subscriptionId}`, status: 'active', periodEnd: created + 30 * 86_400, metadata }), { created }));
    expect((await app.request('/members/stripe/webhook', { method: 'POST', body, headers })).status).toBe(200);
  };

  it('counts a membership started from the support prompt at the top of an article page for that article', async () => {
    const piece = await publishedArticle(services, { headline: 'Ferry timetable rewritten' });
    const prompt = (await html(piece.path)).querySelector('.masthead .support-prompt a')!;
    expect(prompt.getAttribute('href')).toBe(`/support?from=${piece.id}`);
    // Elsewhere the prompt names no article.
    expect((await html('/')).querySelector('.masthead .support-prompt a')!.getAttribute('href')).toBe('/support');

    const form = (await html(prompt.getAttribute('href')!)).querySelector('form.choice-cards')!;
    const fields = new URLSearchParams([...form.querySelectorAll('input[type="hidden"]')].map((i) => [i.getAttribute('name')!, i.getAttribute('value')!]));
    expect(fields.get('from_article')).toBe(String(piece.id));
    await becomeMember(fields, 'sub_top_prompt');
    expect(await facts(piece.id)).toMatchObject({ Memberships: '1' });
  });

  it('counts a membership and a one-off gift whose checkout started from the article', async () => {
    const ask = (await html(article.path)).querySelector('.end-ask-link')!;
    expect(ask.getAttribute('href')).toBe(`/support?from=${article.id}`);
    const support = await html(ask.getAttribute('href')!);
    expect(support.querySelector('form.choice-cards input[name="from_article"]')!.getAttribute('value')).toBe(String(article.id));

    const checkout = (fields: Record<string, string>) => app.request('/support/checkout', { method: 'POST', body: new URLSearchParams({ ...fields, from_article: String(article.id) }), headers: origin });
    expect((await checkout({ currency: 'GBP', frequency: 'month', month: `tier:${plans.supporter}` })).status).toBe(303);
    const sent = standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params;
    expect(sent['subscription_data[metadata][article_id]']).toBe(String(article.id));
    expect((await checkout({ currency: 'GBP', frequency: 'once', once: 'other', otherOnce: '12.50' })).status).toBe(303);
    expect(standin.requests.filter((r) => r.path === '/v1/checkout/sessions').at(-1)!.params['payment_intent_data[metadata][article_id]']).toBe(String(article.id));

    // Stripe sends back what the checkout was given: the subscription's metadata, and the one-off session's.
    const metadata = { kind: 'membership', tier_id: String(plans.supporter), article_id: String(article.id) };
    const created = Math.floor(Date.now() / 1000);
    const deliver = (event: unknown) => {
      const { body, headers } = signedWebhook(event);
      return app.request('/members/stripe/webhook', { method: 'POST', body, headers });
    };
    expect((await deliver(stripeEvent('customer.subscription.created', subscriptionObject('sub_attr', { customer: 'cus_attr', status: 'active', periodEnd: created + 30 * 86_400, metadata }), { created }))).status).toBe(200);
    const session = { id: 'cs_gift', object: 'checkout.session', mode: 'payment', customer: 'cus_gift', payment_intent: 'pi_gift', amount_total: 1250, currency: 'gbp', customer_details: { email: 'giver@example.org' }, payment_status: 'paid', metadata: { kind: 'donation', tier_id: '', article_id: String(article.id) } };
    expect((await deliver(stripeEvent('checkout.session.completed', session, { created }))).status).toBe(200);

    expect(await facts()).toMatchObject({ Memberships: '1', Donations: '1' });
  });

  it('sends a sent issue’s links through a signed redirect that counts people’s clicks, not crawlers’', async () => {
    await services.newsletters.subscriptions.importSubscribers('daily-brief', ['ann@example.org']);
    const outcome = await services.newsletters.issues.composeNow('daily-brief');
    const issueId = outcome.issue!.id;
    await services.newsletters.sendPending({ connections: 1, pollMs: 20 });
    const [mail] = await sink.parsed();
    const tracked = [...String(mail!.html).matchAll(/href="(http:\/\/localhost\/r\/[^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    const toArticle = tracked.find((url) => decodeURIComponent(url).endsWith(article.path))!;
    expect(toArticle).toBeDefined();
    expect(mail!.text).toContain(toArticle);
    // The reader's own links (unsubscribe, preferences) stay as they are.
    expect(mail!.html).toMatch(/href="http:\/\/localhost\/newsletters\/unsubscribe\//);

    const follow = (url: string, agent = browserAgent) => app.request(url.replace('http://localhost', ''), { headers: { 'user-agent': agent } });
    const res = await follow(toArticle);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`http://localhost${article.path}`);
    await follow(toArticle);
    expect((await follow(toArticle, botAgent)).status).toBe(302);

    // A changed destination or signature is refused, and leads nowhere.
    const elsewhere = toArticle.replace(/\?u=.*/, `?u=${encodeURIComponent('https://evil.example/')}`);
    const forged = await follow(elsewhere);
    expect(forged.status).toBe(400);
    expect(forged.headers.get('location')).toBeNull();
    expect(await forged.text()).toContain('This link is broken');
    expect((await follow(toArticle.replace(/\/r\/\d+\//, '/r/999/'))).status).toBe(400);
    expect((await follow(toArticle.replace(/\?u=.*/, `?u=${encodeURIComponent('javascript:alert(1)')}`))).status).toBe(400);

    const page = await html(`/admin/newsletters/daily-brief/issues/${issueId}`, editor);
    const row = [...page.querySelectorAll('section[aria-labelledby="nl-clicks-heading"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
    expect(row).toEqual([[`Harbour strike ends${`http://localhost${article.path}`}`, '2']]);
    const csv = await (await adminGet(app, editor, `/admin/analytics/newsletters/issues/${issueId}/clicks.csv`)).text();
    expect(csv.trim().split('\n')).toEqual(['link,clicks', `http://localhost${article.path},2`]);
  });

  it("sends a members-only issue's article links through the redirect too: counted, and the reader lands on the article with their own token", async () => {
    const gated = await publishedArticle(services, { headline: 'Inside the port authority’s books', section: 'politics', access: 'members' });
    const weekend = await db().selectFrom('newsletters').select('id').where('slug', '=', 'weekend-read').executeTakeFirstOrThrow();
    await db().updateTable('newsletters').set({ audience: 'members' }).where('id', '=', weekend.id).execute();
    await subscription(services, weekend.id, 'member@example.org', { confirmedAt: new Date(Date.now() - 86_400_000).toISOString() });
    const reader = await db().selectFrom('subscribers').select('id').where('email', '=', 'member@example.org').executeTakeFirstOrThrow();
    await membershipRow(services, reader.id, { status: 'active', currentPeriodEnd: new Date(Date.now() + 20 * 86_400_000).toISOString() });
    const issue = (await services.newsletters.issues.composeNow('weekend-read', { subject: 'Members: the books', intro: '', articles: [gated.path] })).issue!;
    await services.newsletters.issues.send(issue.id);
    await services.newsletters.send(issue.id, { connections: 1 });

    const [mail] = await sink.parsed();
    expect(mail!.text).not.toContain('{{');
    const tracked = [...String(mail!.text).matchAll(/http:\/\/localhost\/r\/\S+/g)].map((m) => new URL(m[0])).find((url) => url.searchParams.get('u') === `http://localhost${gated.path}`)!;
    expect(tracked).toBeDefined();
    const token = tracked.searchParams.get('g')!;
    expect(mail!.html).toContain(`&amp;g=${token}`);

    const follow = (url: URL) => app.request(`${url.pathname}${url.search}`, { headers: { 'user-agent': browserAgent } });
    const res = await follow(tracked);
    expect(res.status).toBe(302);
    const landing = new URL(res.headers.get('location')!);
    expect(`${landing.origin}${landing.pathname}`).toBe(`http://localhost${gated.path}`);
    expect(landing.searchParams.get('gift')).toBe(token);
    const page = await (await app.request(`${landing.pathname}${landing.search}`)).text();
    expect(page).toContain('class="article-body"');
    expect(page).not.toContain('access-offer');

    // Another destination (even on this site), no token, or something else for one: refused, and leads nowhere.
    const altered = (change: (url: URL) => void) => {
      const url = new URL(tracked);
      change(url);
      return follow(url);
    };
    for (const attempt of [
      await altered((url) => url.searchParams.set('u', `http://localhost${article.path}`)),
      await altered((url) => url.searchParams.set('u', 'https://evil.example/')),
      await altered((url) => url.searchParams.delete('g')),
      await altered((url) => url.searchParams.set('g', 'x/../../admin')),
    ]) {
      expect(attempt.status).toBe(400);
      expect(attempt.headers.get('location')).toBeNull();
    }

    const rows = [...(await html(`/admin/newsletters/weekend-read/issues/${issue.id}`, editor)).querySelectorAll('section[aria-labelledby="nl-clicks-heading"] tbody tr')];
    expect(rows.map((tr) => tr.querySelector('td:last-child')!.textContent!.trim())).toEqual(['1']);
    expect(rows[0]!.textContent).toContain(`http://localhost${gated.path}`);
    expect(rows[0]!.textContent).not.toContain(token);
  });

  it('writes nothing per click: a flood of clicks on a link waits in memory and goes as one row', async () => {
    const issue = (await db().selectFrom('newsletter_link_clicks').select(['issue_id', 'url', 'clicks']).orderBy('issue_id').executeTakeFirstOrThrow());
    const link = services.newsletters.clickLinks!.url('http://localhost', issue.issue_id, issue.url);
    const tracked = new URL(link);
    for (let i = 0; i < 300; i++) expect((await app.request(`${tracked.pathname}${tracked.search}`, { headers: { 'user-agent': browserAgent } })).status).toBe(302);
    const stored = () => db().selectFrom('newsletter_link_clicks').select('clicks').where('issue_id', '=', issue.issue_id).where('url', '=', issue.url).executeTakeFirstOrThrow();
    expect((await stored()).clicks).toBe(issue.clicks);
    await services.linkClicks.flush();
    expect((await stored()).clicks).toBe(issue.clicks + 300);
  });
});
