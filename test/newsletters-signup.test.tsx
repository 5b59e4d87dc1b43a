import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createServices, type Services } from '../src/services.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsletters } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const siteUrl = 'http://localhost';
const origin = { Origin: siteUrl };

describeEachDatabase('newsletter signup and preferences', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    sink = await startSmtpSink();
    services = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl, secretKey: 's'.repeat(40), smtpUrl: sink.url, mailFrom: 'The Test Times <news@test.example>' });
    app = createApp({ services, config: { siteName: 'The Test Times', timeZone: 'Europe/London', siteUrl } });
    await seedNewsletters(services);
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  const subscribe = (fields: Array<[string, string]>, headers: Record<string, string> = origin) =>
    app.request('/newsletters/subscribe', { method: 'POST', body: new URLSearchParams(fields), headers });
  const pathOf = (url: string) => new URL(url).pathname;
  const rows = (table: 'subscribers' | 'subscriptions') => fixture().database.db.selectFrom(table).selectAll().execute();

  it('stores the signup as pending and mails one confirmation that confirms every chosen newsletter', async () => {
    const res = await subscribe([
      ['email', ' Reader@Example.org '],
      ['newsletter', 'daily-brief'],
      ['newsletter', 'weekend-read'],
    ]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Check your inbox');
    expect((await rows('subscriptions')).map((s) => s.status)).toEqual(['pending', 'pending']);

    await sink.waitFor(1);
    const [mail] = await sink.parsed();
    expect(mail!.to).toMatchObject({ value: [{ address: 'reader@example.org' }] });
    expect(mail!.subject).toBe('Confirm your newsletters from The Meridian');
    expect(mail!.text).toContain('The Daily Brief');
    expect(mail!.text).toContain('The Weekend Read');
    expect(mail!.html).toContain('Confirm my signup');
    const confirmUrl = /Confirm: (\S+)/.exec(mail!.text!)![1]!;
    expect(confirmUrl.startsWith(`${siteUrl}/newsletters/confirm/`)).toBe(true);
    expect(mail!.text).toMatch(/Manage your newsletters: http:\/\/localhost\/newsletters\/preferences\//);

    // A mail scanner following the link confirms nothing; the page's button does.
    const landing = await app.request(pathOf(confirmUrl));
    expect(landing.status).toBe(200);
    const landingPage = await landing.text();
    expect(landingPage).toContain('reader@example.org');
    expect(landingPage).toContain('The Weekend Read');
    expect(landingPage).toMatch(new RegExp(`<form method="post" action="${pathOf(confirmUrl)}">`));
    expect((await rows('subscriptions')).map((s) => s.status)).toEqual(['pending', 'pending']);

    const forged = await app.request(pathOf(confirmUrl), { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    expect((await rows('subscriptions')).map((s) => s.status)).toEqual(['pending', 'pending']);

    const confirmed = await app.request(pathOf(confirmUrl), { method: 'POST', headers: origin });
    expect(confirmed.status).toBe(200);
    const page = await confirmed.text();
    expect(page).toContain('You are signed up');
    expect(page).toContain('The Daily Brief');
    expect((await rows('subscriptions')).map((s) => s.status)).toEqual(['active', 'active']);
  });

  it('answers a repeated signup exactly as a new one, adding no rows', async () => {
    const fields: Array<[string, string]> = [
      ['email', 'reader@example.org'],
      ['newsletter', 'daily-brief'],
    ];
    const known = await (await subscribe(fields)).text();
    const fresh = await (await subscribe([['email', 'someone-new@example.org'], fields[1]!])).text();
    expect(known).toBe(fresh);
    const readers = (await rows('subscribers')).filter((s) => s.email === 'reader@example.org');
    expect(readers).toHaveLength(1);
    const theirs = (await rows('subscriptions')).filter((s) => s.subscriber_id === readers[0]!.id);
    expect(theirs.map((s) => s.status)).toEqual(['active', 'active']);
  });

  it('names the problem on a 422 page, keeping what was typed, and writes nothing', async () => {
    const before = (await rows('subscribers')).length;
    const none = await subscribe([['email', 'picky@example.org']]);
    expect(none.status).toBe(422);
    const html = await none.text();
    expect(html).toContain('tick at least one newsletter');
    expect(html).toContain('value="picky@example.org"');

    const bad = await subscribe([
      ['email', 'not-an-address'],
      ['newsletter', 'daily-brief'],
    ]);
    expect(bad.status).toBe(422);
    const badPage = await bad.text();
    expect(badPage).toContain('Email address: must be an email address');
    // The re-render is the same signup form as /newsletters, with the reader's ticks kept.
    expect(badPage).toMatch(/<div class="newsletter-choice"><input type="checkbox" id="signup-daily-brief" name="newsletter" value="daily-brief" checked/);

    const unknown = await app.request('/newsletters/subscribe', {
      method: 'POST',
      body: new URLSearchParams([
        ['email', 'a@example.org'],
        ['newsletter', 'no-such-list'],
      ]),
      headers: { ...origin, Accept: 'application/json' },
    });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ issues: [{ path: 'newsletter', message: 'there is no newsletter "no-such-list"' }] });
    expect((await rows('subscribers')).length).toBe(before);
    expect(sink.count).toBe(0);
  });

  it('refuses a signup posted from another site', async () => {
    const res = await subscribe(
      [
        ['email', 'x@example.org'],
        ['newsletter', 'daily-brief'],
      ],
      { Origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
  });

  it('answers JSON when asked', async () => {
    const res = await app.request('/newsletters/subscribe', {
      method: 'POST',
      body: new URLSearchParams([
        ['email', 'json@example.org'],
        ['newsletter', 'weekend-read'],
      ]),
      headers: { ...origin, Accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('lets the signed preference link tick, untick and leave everything', async () => {
    await subscribe([
      ['email', 'prefs@example.org'],
      ['newsletter', 'daily-brief'],
    ]);
    await sink.waitFor(1);
    const [mail] = await sink.parsed();
    const prefsPath = pathOf(/Manage your newsletters: (\S+)/.exec(mail!.text!)![1]!);

    const page = await (await app.request(prefsPath)).text();
    expect(page).toContain('prefs@example.org');
    expect(page).toContain('Waiting for your confirmation');

    const save = await app.request(prefsPath, {
      method: 'POST',
      body: new URLSearchParams([
        ['newsletter', 'weekend-read'],
        ['action', 'save'],
      ]),
      headers: origin,
    });
    expect(save.status).toBe(200);
    const saved = await save.text();
    expect(saved).toContain('Your choices are saved');
    expect(saved).toMatch(/value="weekend-read" checked/);
    expect(saved).not.toMatch(/value="daily-brief" checked/);

    const leave = await app.request(prefsPath, { method: 'POST', body: new URLSearchParams([['action', 'leave-all']]), headers: origin });
    expect(await leave.text()).not.toMatch(/checked/);
    expect((await app.request(`${prefsPath.slice(0, -3)}xyz`)).status).toBe(404);
  });
});
