import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { readerAccountService } from '../src/readers/reader-accounts.js';
import { createServices, type Services } from '../src/services.js';
import { cookiesOf } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsletters } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const siteUrl = 'http://localhost';
const secretKey = 'r'.repeat(40);
const appConfig = { siteName: 'The Test Times', timeZone: 'Europe/London', siteUrl };
let clients = 0;
/** A request from its own client address, so each test has the per-client limit to itself. */
const fromClient = (address = `198.51.100.${++clients % 250}`) => ({ incoming: { headers: {}, socket: { remoteAddress: address } } });

describeEachDatabase('reader accounts', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  const serviceConfig = () => ({ timeZone: 'Europe/London', siteUrl, secretKey, smtpUrl: sink.url, mailFrom: 'The Test Times <news@test.example>', siteName: 'The Test Times' });

  beforeAll(async () => {
    sink = await startSmtpSink();
    services = createServices(fixture().database, serviceConfig());
    app = createApp({ services, config: appConfig });
    await seedNewsletters(services);
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  type App = Pick<typeof app, 'request'>;
  const db = () => fixture().database.db;
  const pathOf = (url: string) => new URL(url).pathname;

  /** The sign-in form's token and cookie, as a browser holds them after opening the page. */
  async function signInForm(on: App = app) {
    const res = await on.request('/account/sign-in');
    return { cookie: cookiesOf(res), csrf: /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]! };
  }

  async function askForLink(email: string, on: App = app, env: unknown = fromClient()) {
    const form = await signInForm(on);
    return (on.request as (p: string, i: RequestInit, e?: unknown) => Promise<Response>)(
      '/account/sign-in',
      { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf, email }), headers: { cookie: form.cookie, origin: siteUrl } },
      env,
    );
  }

  /** The sign-in link in the latest email to `email`. */
  async function linkIn(email: string, accounts = services.readerAccounts): Promise<string> {
    await accounts.settled();
    const mails = (await sink.parsed()).filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);
    const text = mails.at(-1)?.text ?? '';
    return pathOf(/Sign in: (\S+)/.exec(text)![1]!);
  }

  async function followLink(path: string, on: App = app) {
    const form = await signInForm(on);
    return on.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf }), headers: { cookie: form.cookie, origin: siteUrl } });
  }

  /** Signs `email` in through the emailed link; answers the reader's cookie and the account page's form token. */
  async function signIn(email: string) {
    expect((await askForLink(email)).status).toBe(200);
    const res = await followLink(await linkIn(email));
    expect(res.status).toBe(303);
    const cookie = cookiesOf(res);
    const page = await (await app.request('/account', { headers: { cookie } })).text();
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]!, page };
  }

  const post = (path: string, who: { cookie: string; csrf?: string }, fields: Record<string, string | string[]> = {}) => {
    const body = new URLSearchParams();
    if (who.csrf) body.set('_csrf', who.csrf);
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    return app.request(path, { method: 'POST', body, headers: { cookie: who.cookie, origin: siteUrl } });
  };

  it('mails a single-use link whose page only shows a button, and signs the reader in with a private cookie', async () => {
    const asked = await askForLink(' Reader@Example.org ');
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Check your inbox');
    await services.readerAccounts.settled();
    await sink.waitFor(1);
    const [mail] = await sink.parsed();
    expect(mail!.subject).toBe('Sign in to The Test Times');
    expect(mail!.html).toContain('Sign in');
    const path = await linkIn('reader@example.org');
    expect(path).toMatch(/^\/account\/sign-in\/[A-Za-z0-9_-]{43}$/);
    // Only the hash is kept.
    const link = await db().selectFrom('reader_sign_in_links').selectAll().executeTakeFirstOrThrow();
    expect(link.token_hash).not.toContain(path.split('/').pop());

    // A mail scanner fetching the link signs no one in.
    const landing = await app.request(path);
    expect(landing.status).toBe(200);
    expect(landing.headers.get('cache-control')).toBe('private, no-store');
    const landingHtml = await landing.text();
    expect(landingHtml).toContain('reader@example.org');
    expect(landingHtml).toContain(`action="${path}"`);
    expect(await db().selectFrom('reader_sessions').selectAll().execute()).toEqual([]);

    const signedIn = await followLink(path);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/account');
    const setCookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('broadsheet_reader='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookiesOf(signedIn);

    const account = await app.request('/account', { headers: { cookie } });
    expect(account.status).toBe(200);
    expect(account.headers.get('cache-control')).toBe('private, no-store');
    const html = await account.text();
    expect(html).toContain('Signed in as <strong>reader@example.org</strong>');
    expect(html).toContain('Free reader');
    expect(html).toContain('Download my data');

    // Used once, it works no more.
    const again = await followLink(path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This sign-in link has been used or has expired');
    expect((await app.request(path)).status).toBe(410);
  });

  it('brings a reader back to the page they came from, and only to a page on this site', async () => {
    const back = '/world/2026/12/behind-the-wall';
    const page = await (await app.request(`/account/sign-in?next=${encodeURIComponent(back)}`)).text();
    expect(page).toContain(`name="next" value="${back}"`);
    const form = await signInForm();
    const ask = (next: string) =>
      app.request('/account/sign-in', { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf, email: 'walled@example.org', next }), headers: { cookie: form.cookie, origin: siteUrl } });
    expect((await ask(back)).status).toBe(200);
    await services.readerAccounts.settled();
    const mailed = (await sink.parsed()).at(-1)!.text!;
    const link = new URL(/Sign in: (\S+)/.exec(mailed)![1]!);
    expect(link.searchParams.get('next')).toBe(back);
    expect(await (await app.request(`${link.pathname}${link.search}`)).text()).toContain(`name="next" value="${back}"`);
    const signed = await app.request(link.pathname, { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf, next: back }), headers: { cookie: form.cookie, origin: siteUrl } });
    expect(signed.status).toBe(303);
    expect(signed.headers.get('location')).toBe(back);

    // Another host, however it is spelt, is dropped: the link carries nothing and the reader lands on /account.
    for (const evil of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      expect(await (await app.request(`/account/sign-in?next=${encodeURIComponent(evil)}`)).text()).not.toContain('name="next"');
      expect((await ask(evil)).status).toBe(200);
      await services.readerAccounts.settled();
      expect((await sink.parsed()).at(-1)!.text).not.toContain('next=');
    }
    const second = await linkIn('walled@example.org');
    const landed = await app.request(second, { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf, next: '//evil.example/x' }), headers: { cookie: form.cookie, origin: siteUrl } });
    expect(landed.headers.get('location')).toBe('/account');
  });

  it('sends readers who are not signed in to the sign-in page', async () => {
    const res = await app.request('/account');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account/sign-in');
  });

  it('gives the same answer for an unknown address as for a known one', async () => {
    await signIn('known@example.org');
    const known = await (await askForLink('known@example.org')).text();
    const unknown = await (await askForLink('nobody-yet@example.org')).text();
    expect(unknown).toBe(known);
  });

  it('refuses a link after its 15 minutes', async () => {
    let at = Date.parse('2026-03-01T10:00:00Z');
    const accounts = readerAccountService(db(), serviceConfig(), { linkTokens: services.newsletters.tokens, now: () => new Date(at) });
    const clocked = createApp({ services: { ...services, readerAccounts: accounts }, config: appConfig });
    await askForLink('late@example.org', clocked);
    const path = await linkIn('late@example.org', accounts);
    at += 15 * 60_000 + 1;
    expect((await clocked.request(path)).status).toBe(410);
    const res = await followLink(path, clocked);
    expect(res.status).toBe(410);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('broadsheet_reader='))).toBe(false);
  });

  it('names a bad address and keeps what was typed', async () => {
    const res = await askForLink('not an address');
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Email address: must be an email address');
    expect(html).toContain('value="not an address"');
  });

  it('holds the per-address limit under parallel requests', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => askForLink('flood@example.org')));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(await answers.find((r) => r.status === 429)!.text()).toContain('Too many sign-in emails for this address, try again in');
    await services.readerAccounts.settled();
    expect(sink.count).toBe(5);
    const keys = await db().selectFrom('rate_limits').select('key').execute();
    expect(keys.some((k) => k.key.includes('flood@'))).toBe(false);
  });

  it('holds the per-client limit under parallel requests', async () => {
    const client = fromClient('203.0.113.77');
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => askForLink(`many-${i}@example.org`, app, client)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(20);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(4);
  });

  it('refuses an oversized sign-in body without echoing it', async () => {
    const form = await signInForm();
    const email = `${'a'.repeat(70 * 1024)}@example.org`;
    const res = await app.request('/account/sign-in', { method: 'POST', body: new URLSearchParams({ _csrf: form.csrf, email }), headers: { cookie: form.cookie, origin: siteUrl } });
    expect(res.status).toBe(413);
    expect(await res.text()).not.toContain('aaaaaaaaaa');
  });

  it('uses __Host- cookies marked Secure on an https site', async () => {
    const secure = createServices(fixture().database, { ...serviceConfig(), siteUrl: 'https://news.example.org' });
    const https = createApp({ services: secure, config: { ...appConfig, siteUrl: 'https://news.example.org' } });
    const res = await https.request('https://news.example.org/account/sign-in');
    const set = res.headers.getSetCookie()[0]!;
    expect(set).toMatch(/^__Host-broadsheet_reader_form=/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; HttpOnly/);
  });

  it('refuses a sign-in form without its form token', async () => {
    const res = await app.request('/account/sign-in', { method: 'POST', body: new URLSearchParams({ email: 'x@example.org' }), headers: { origin: siteUrl } });
    expect(res.status).toBe(403);
  });

  it('refuses forged and tampered cookies, on the page and in identify', async () => {
    const reader = await signIn('forger@example.org');
    const value = /broadsheet_reader=([^;]+)/.exec(reader.cookie)![1]!;
    const tampered = `${value.slice(0, 10)}${value[10] === 'A' ? 'B' : 'A'}${value.slice(11)}`;
    for (const forged of [tampered, `${'A'.repeat(43)}.${'B'.repeat(43)}`, 'readerId=1', value.slice(0, 44)]) {
      expect((await app.request('/account', { headers: { cookie: `broadsheet_reader=${forged}` } })).status).toBe(303);
      expect(await services.readerAccounts.identify(`broadsheet_reader=${forged}`)).toBeNull();
    }
    expect(await services.readerAccounts.identify(reader.cookie)).toMatchObject({ email: 'forger@example.org' });
  });

  it('refuses account forms without the session token', async () => {
    const reader = await signIn('csrf@example.org');
    expect((await post('/account/name', { cookie: reader.cookie }, { name: 'Mallory' })).status).toBe(403);
    expect((await post('/account/name', { cookie: reader.cookie, csrf: 'wrong' }, { name: 'Mallory' })).status).toBe(403);
    expect((await services.readerAccounts.account((await services.readerAccounts.identify(reader.cookie))!.readerId))!.name).toBeNull();
  });

  it('saves a name, and names a bad one keeping the typing', async () => {
    const reader = await signIn('named@example.org');
    const saved = await post('/account/name', reader, { name: ' Ada Lovelace ' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('value="Ada Lovelace"');
    const long = 'x'.repeat(101);
    const refused = await post('/account/name', reader, { name: long });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Name: must be at most 100 characters');
    expect(html).toContain(`value="${long}"`);
  });

  it('lets a confirmed newsletter subscriber claim the same record and manage newsletters from the account', async () => {
    await app.request('/newsletters/subscribe', {
      method: 'POST',
      body: new URLSearchParams([
        ['email', 'subscriber@example.org'],
        ['newsletter', 'daily-brief'],
      ]),
      headers: { origin: siteUrl },
    });
    await sink.waitFor(1);
    const confirm = pathOf(/Confirm: (\S+)/.exec((await sink.parsed())[0]!.text!)![1]!);
    await app.request(confirm, { method: 'POST', headers: { origin: siteUrl } });
    const before = await db().selectFrom('subscribers').selectAll().where('email', '=', 'subscriber@example.org').executeTakeFirstOrThrow();
    expect(before.claimed_at).toBeNull();

    const reader = await signIn('subscriber@example.org');
    const rows = await db().selectFrom('subscribers').selectAll().where('email', '=', 'subscriber@example.org').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before.id);
    expect(rows[0]!.claimed_at).not.toBeNull();
    expect(reader.page).toMatch(/id="signup-daily-brief" name="newsletter" value="daily-brief" checked/);

    const saved = await post('/account/newsletters', reader, { newsletter: ['weekend-read'] });
    expect(saved.status).toBe(200);
    const subs = await db().selectFrom('subscriptions').innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id').select(['slug', 'status']).where('subscriber_id', '=', before.id).orderBy('slug').execute();
    expect(subs).toEqual([
      { slug: 'daily-brief', status: 'unsubscribed' },
      { slug: 'weekend-read', status: 'active' },
    ]);
  });

  it('downloads the reader’s own data as a JSON attachment', async () => {
    await signIn('someone-else@example.org');
    const reader = await signIn('download@example.org');
    await post('/account/name', reader, { name: 'Dee Download' });
    await post('/account/newsletters', reader, { newsletter: ['daily-brief'] });
    const res = await app.request('/account/data', { headers: { cookie: reader.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="my-account-data.json"');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const body = await res.text();
    const data = JSON.parse(body);
    expect(data.account).toMatchObject({ email: 'download@example.org', name: 'Dee Download' });
    expect(data.account.claimed_at).toBeTruthy();
    expect(data.newsletters.map((n: { slug: string; status: string }) => [n.slug, n.status])).toEqual([
      ['daily-brief', 'active'],
      ['weekend-read', 'unsubscribed'],
    ]);
    expect(data.sessions).toHaveLength(1);
    expect(data.signInLinks[0].used_at).toBeTruthy();
    expect(body).not.toContain('someone-else@example.org');
    expect(body).not.toMatch(/token_hash|csrf/);
  });

  it('deletes the account after the registered hooks, removing its data and ending its sessions', async () => {
    const reader = await signIn('leaving@example.org');
    await post('/account/newsletters', reader, { newsletter: ['daily-brief'] });
    const { readerId } = (await services.readerAccounts.identify(reader.cookie))!;
    const seenByHook: Array<string | undefined> = [];
    services.readerAccounts.onBeforeDelete(async (id) => {
      // The hook runs while the reader's data is still there (payments cancel at Stripe here).
      seenByHook.push((await db().selectFrom('subscribers').select('email').where('id', '=', id).executeTakeFirst())?.email);
    });

    const confirmPage = await app.request('/account/delete', { headers: { cookie: reader.cookie } });
    expect(await confirmPage.text()).toContain('Delete your account?');
    const res = await post('/account/delete', reader);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your account is deleted');
    expect(seenByHook).toEqual(['leaving@example.org']);

    expect(await db().selectFrom('subscribers').selectAll().where('email', '=', 'leaving@example.org').execute()).toEqual([]);
    for (const table of ['subscriptions', 'reader_sessions', 'reader_sign_in_links', 'mail_outbox'] as const) {
      expect(await db().selectFrom(table).selectAll().where('subscriber_id', '=', readerId).execute()).toEqual([]);
    }
    expect(await services.readerAccounts.identify(reader.cookie)).toBeNull();
    expect((await app.request('/account', { headers: { cookie: reader.cookie } })).status).toBe(303);
  });

  it('signs out: the session ends and its cookie is cleared', async () => {
    const reader = await signIn('out@example.org');
    const res = await post('/account/sign-out', reader);
    expect(res.status).toBe(303);
    expect(res.headers.getSetCookie().some((c) => /^broadsheet_reader=;/.test(c))).toBe(true);
    expect(await services.readerAccounts.identify(reader.cookie)).toBeNull();
    expect((await app.request('/account', { headers: { cookie: reader.cookie } })).status).toBe(303);
  });
});
