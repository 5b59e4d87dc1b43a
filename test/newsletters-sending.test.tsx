import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { newsletterService } from '../src/newsletters/newsletter-service.js';
import { createServices, type Services } from '../src/services.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const siteUrl = 'http://localhost';

describeEachDatabase('newsletter issues and sending', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let clock = new Date('2026-01-05T12:00:00.000Z'); // the newsletters exist a week before the first slot

  beforeAll(async () => {
    sink = await startSmtpSink({ reject: (a) => a.startsWith('gone@'), deferTimes: (a) => (a.startsWith('busy@') ? 1 : 0) });
    const config = { timeZone: 'Europe/London', siteUrl, secretKey: 't'.repeat(40), smtpUrl: sink.url, mailFrom: 'The Test Times <news@test.example>' };
    const base = createServices(fixture().database, config);
    // The same services with the newsletters on a clock the test moves.
    services = { ...base, newsletters: newsletterService(fixture().database, config, { ...base, now: () => clock }) };
    app = createApp({ services, config: { siteName: 'The Test Times', timeZone: 'Europe/London', siteUrl } });
    await seedNewsroom(services);
    await seedNewsletters(services);
    for (const email of ['ann@example.org', 'bob@example.org', 'gone@example.org', 'busy@example.org', 'blocked@example.org']) {
      await services.newsletters.subscriptions.importSubscribers('daily-brief', [email]);
    }
    await services.newsletters.subscriptions.suppress('blocked@example.org', 'complaint');
    await publishedArticle(services, { headline: 'Steppe <politics> & power', standfirst: 'Why the border matters.', section: 'world' }, { publishedAt: '2026-01-09T10:00:00.000Z' });
    await publishedArticle(services, { headline: 'Too old to include', section: 'world' }, { publishedAt: '2025-12-01T10:00:00.000Z' });
    await publishedArticle(services, { headline: 'A politics piece', section: 'politics' }, { publishedAt: '2026-01-10T10:00:00.000Z' });
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  it('composes the due issue at its scheduled time, sends it with one-click unsubscribe headers, and honours suppression', async () => {
    clock = new Date('2026-01-12T07:00:30.000Z'); // a Monday, just after the 07:00 London slot
    const outcomes = await services.newsletters.issues.composeDue();
    const daily = outcomes.find((o) => o.newsletter === 'daily-brief')!;
    expect(daily.slotAt).toBe('2026-01-12T07:00:00.000Z');
    expect(daily.issue!.status).toBe('sending');
    expect(daily.issue!.items.map((i) => i.headline)).toEqual(['Steppe <politics> & power']);
    expect(daily.issue!.recipients).toBe(4); // the suppressed address was never a recipient
    expect(await services.newsletters.issues.composeDue()).toEqual([]); // the slot is taken

    const report = await services.newsletters.send(daily.issue!.id, { connections: 2, retryBaseMs: 10, pollMs: 20 });
    expect(report).toMatchObject({ finished: true, total: 4, sent: 3, failed: 1, resent: 0 });
    const mails = await sink.parsed();
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(['ann@example.org', 'bob@example.org', 'busy@example.org']);
    expect(await services.newsletters.subscriptions.isSuppressed('gone@example.org')).toBe(true);

    const ann = mails.find((m) => (m.to as { text: string }).text === 'ann@example.org')!;
    expect(ann.subject).toBe('The Daily Brief: Steppe <politics> & power');
    expect(ann.from!.text).toBe('"The Daily Brief" <news@test.example>');
    expect(ann.replyTo!.text).toBe('editor@test.example');
    expect(ann.html).toContain('Steppe &lt;politics&gt; &amp; power');
    // Article links go through the counting redirect (src/analytics/links), to the article.
    expect(ann.html).toContain(`http://localhost/r/`);
    expect(ann.html).toContain(encodeURIComponent('http://localhost/world/2026/01/'));
    expect(ann.text).toContain('Why the border matters.');
    const header = (key: string) => ann.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const listUnsubscribe = header('list-unsubscribe').replace(/\r?\n\s+/g, ' ');
    const https = /<(http:\/\/localhost\/newsletters\/unsubscribe\/[^>]+)>/.exec(listUnsubscribe)![1]!;
    expect(listUnsubscribe).toMatch(/<mailto:news@test\.example\?subject=unsubscribe%20u[^>]+>/);
    expect(ann.html).toContain(https);
    expect(ann.text).toMatch(/Manage your newsletters: http:\/\/localhost\/newsletters\/preferences\/p/);

    // RFC 8058: a bare POST, no cookie, no Origin, no confirmation page in between.
    const oneClick = await app.request(new URL(https).pathname, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain('will no longer receive The Daily Brief');

    const archive = await (await app.request('/newsletters/daily-brief')).text();
    expect(archive).toContain('The Daily Brief: Steppe &lt;politics&gt; &amp; power');
    const issuePage = await app.request(`/newsletters/daily-brief/${daily.issue!.id}`);
    expect(await issuePage.text()).toContain('Why the border matters.');

    // The next issue goes to everyone still subscribed and not suppressed.
    await publishedArticle(services, { headline: 'Tuesday news', section: 'world' }, { publishedAt: '2026-01-12T12:00:00.000Z' });
    clock = new Date('2026-01-13T07:00:05.000Z');
    const next = (await services.newsletters.issues.composeDue()).find((o) => o.newsletter === 'daily-brief')!;
    expect(next.issue!.items.map((i) => i.headline)).toEqual(['Tuesday news']);
    sink.messages.length = 0;
    await services.newsletters.send(next.issue!.id, { connections: 2 });
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(['bob@example.org', 'busy@example.org']);
  });

  it('skips an issue with nothing new instead of sending it', async () => {
    clock = new Date('2026-01-14T07:00:05.000Z');
    const outcome = (await services.newsletters.issues.composeDue()).find((o) => o.newsletter === 'daily-brief')!;
    expect(outcome.skipped).toBe(true);
    expect(outcome.issue!.status).toBe('skipped');
    expect(sink.count).toBe(0);
  });

  it('holds an issue for approval when the newsletter says so, and sends it once approved', async () => {
    await services.newsletters.subscriptions.importSubscribers('weekend-read', ['carol@example.org']);
    clock = new Date('2026-01-17T09:00:10.000Z'); // Saturday
    const outcome = (await services.newsletters.issues.composeDue()).find((o) => o.newsletter === 'weekend-read')!;
    expect(outcome.issue!.status).toBe('awaiting_approval');
    expect(outcome.issue!.items.map((i) => i.headline)).toEqual(['A politics piece']);
    expect(await services.newsletters.sendPending()).toEqual([]);
    expect(sink.count).toBe(0);
    await services.newsletters.issues.approve(outcome.issue!.id);
    const [report] = await services.newsletters.sendPending({ connections: 1 });
    expect(report).toMatchObject({ finished: true, sent: 1 });
    expect((await sink.parsed())[0]!.subject).toBe('The Weekend Read: A politics piece');
  });

  it('takes bounces and complaints from the webhook only with the right token', async () => {
    const post = (token: string, body: unknown) =>
      app.request('/newsletters/bounces', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` } });
    expect((await post('wrong', { email: 'bob@example.org', type: 'complaint' })).status).toBe(401);
    expect(await services.newsletters.subscriptions.isSuppressed('bob@example.org')).toBe(false);
    const ok = await post(services.newsletters.tokens.webhookToken(), { email: 'Bob@Example.org', type: 'complaint' });
    expect(ok.status).toBe(200);
    expect(await services.newsletters.subscriptions.isSuppressed('bob@example.org')).toBe(true);
    expect((await post(services.newsletters.tokens.webhookToken(), { email: 'nope', type: 'complaint' })).status).toBe(422);
  });
});
