import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { SIGNUPS_PER_CLIENT_PER_HOUR } from '../src/newsletters/subscriptions.js';
import { createServices, type Services } from '../src/services.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsletters } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const siteUrl = 'http://localhost';

describeEachDatabase('newsletter signups cannot flood an inbox', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    services = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl, secretKey: 's'.repeat(40), smtpUrl: sink.url });
    app = createApp({ services, config: { siteName: 'The Test Times', timeZone: 'Europe/London', siteUrl } });
    await seedNewsletters(services);
    await services.newsletters.add({ slug: 'culture', name: 'Culture Notes', cadence: null, rule: { kind: 'manual' } });
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  /** A signup form posted from `client` (the socket's address, as the Node server gives it). */
  const subscribe = (email: string, newsletters: string[], client: string) =>
    (app.request as (path: string, init: RequestInit, env: unknown) => Promise<Response>)(
      '/newsletters/subscribe',
      { method: 'POST', body: new URLSearchParams([['email', email], ...newsletters.map((n) => ['newsletter', n])]), headers: { Origin: siteUrl } },
      { incoming: { headers: {}, socket: { remoteAddress: client } } },
    );
  const statuses = async (email: string) => {
    const rows = await fixture()
      .database.db.selectFrom('subscriptions')
      .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
      .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
      .select(['newsletters.slug', 'subscriptions.status'])
      .where('subscribers.email', '=', email)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.slug, r.status]));
  };

  it('sends one confirmation for 100 signups of one address; its link confirms every newsletter asked for', async () => {
    const lists = ['daily-brief', 'weekend-read', 'culture'];
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => subscribe('victim@example.org', [lists[i % 3]!], `198.51.100.${i}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    await sink.waitFor(1);
    expect(sink.count).toBe(1);
    expect(await statuses('victim@example.org')).toEqual({ 'daily-brief': 'pending', 'weekend-read': 'pending', culture: 'pending' });

    const [mail] = await sink.parsed();
    const confirmPath = new URL(/Confirm: (\S+)/.exec(mail!.text!)![1]!).pathname;
    const page = await (await app.request(confirmPath)).text();
    for (const name of ['The Daily Brief', 'The Weekend Read', 'Culture Notes']) expect(page).toContain(name);
    expect((await app.request(confirmPath, { method: 'POST', headers: { Origin: siteUrl } })).status).toBe(200);
    expect(await statuses('victim@example.org')).toEqual({ 'daily-brief': 'active', 'weekend-read': 'active', culture: 'active' });
  });

  it('limits the signups one client address may make in an hour, whatever addresses it types', async () => {
    for (let i = 0; i < SIGNUPS_PER_CLIENT_PER_HOUR; i++) expect((await subscribe(`reader${i}@example.org`, ['daily-brief'], '203.0.113.7')).status).toBe(200);
    const refused = await subscribe('one-more@example.org', ['daily-brief'], '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // The signup form comes back, not the error page: the message inline, the typing and ticks kept.
    const html = await refused.text();
    expect(html).toContain('Too many signups from your network, try again in');
    expect(html).toMatch(/<form[^>]*action="\/newsletters\/subscribe"/);
    expect(html).toMatch(/<input[^>]*value="one-more@example.org"/);
    expect(html).toMatch(/<input[^>]*value="daily-brief"[^>]*checked|<input[^>]*checked[^>]*value="daily-brief"/);
    expect(await statuses('one-more@example.org')).toEqual({});
    expect((await subscribe('one-more@example.org', ['daily-brief'], '203.0.113.8')).status).toBe(200);
  });

  it('never shows a flood of typed input back on the form', async () => {
    const junk = 'x'.repeat(30_000); // two fields of it stay under the 64 KB body limit
    const res = await (app.request as (path: string, init: RequestInit, env: unknown) => Promise<Response>)(
      '/newsletters/subscribe',
      { method: 'POST', body: new URLSearchParams([['email', junk], ['newsletter', junk]]), headers: { Origin: siteUrl } },
      { incoming: { headers: {}, socket: { remoteAddress: '192.0.2.1' } } },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Please check the form');
    expect(html).not.toContain('x'.repeat(300));
  });
});
