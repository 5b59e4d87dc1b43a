import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createServices } from '../src/services.js';
import { adminGet, adminPost, adminTestConfig, createAdminTestApp, loginForm, signIn, submitLogin, testPassword } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsroom } from './support/fixtures.js';
import { startTestServer, type TestServer } from './support/browser.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const fromIp = (address: string) => ({ incoming: { socket: { remoteAddress: address }, headers: {} } });

describeEachDatabase('newsroom accounts over HTTP', (fixture) => {
  let sink: SmtpSink;
  let app: ReturnType<typeof createAdminTestApp>;
  beforeAll(async () => {
    await seedNewsroom(fixture().services);
    app = createAdminTestApp(fixture().services);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  it('sends a visitor without a session to the sign-in page, remembering where they were going', async () => {
    const res = await app.request('/admin/articles?status=draft');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft');
    const page = await (await app.request(res.headers.get('location')!)).text();
    expect(page).toContain('<label for="login-email">Email</label>');
    expect(page).toContain('action="/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft"');
  });

  it('answers the editor island\'s JSON with 401 when the session has ended', async () => {
    const res = await app.request('/admin/articles/1/autosave', { method: 'POST', body: '{}', headers: { accept: 'application/json', 'content-type': 'application/json', cookie: 'broadsheet_session=expired' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Your session has ended: sign in again in another tab, then save' });
  });

  it('signs in with the right password: an HttpOnly, SameSite=Lax session cookie, only its hash stored', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'Rita@Newsroom.test', name: 'Rita Desk', role: 'editor', password: testPassword });
    const res = await submitLogin(app, 'rita@newsroom.test', testPassword);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/articles');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('broadsheet_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = /broadsheet_session=([^;]+)/.exec(cookie)![1]!;
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await services.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    const page = await (await app.request('/admin/articles', { headers: { cookie: `broadsheet_session=${token}` } })).text();
    expect(page).toContain('Rita Desk');
    expect(page).toContain('Sign out');
  });

  it('uses a Secure __Host- cookie when the site is https', async () => {
    const { services } = fixture();
    const app = createApp({ services, config: { ...adminTestConfig, siteUrl: 'https://news.example' } });
    await services.users.add({ email: 'secure@newsroom.test', name: 'Sec', role: 'writer', password: testPassword });
    const form = await app.request('/admin/login');
    const loginCookie = form.headers.getSetCookie()[0]!;
    expect(loginCookie).toMatch(/^__Host-broadsheet_login_csrf=[^;]+;.*Path=\/.*Secure/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const res = await app.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, email: 'secure@newsroom.test', password: testPassword }),
      headers: { cookie: loginCookie.split(';')[0]!, origin: 'https://news.example' },
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((c) => c.startsWith('__Host-broadsheet_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Domain/);
    const home = await app.request('/admin', { headers: { cookie: session.split(';')[0]! } });
    // The session works: /admin answers with the dashboard, not the sign-in page.
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('My drafts');
  });

  it('says only "Email or password is wrong" for a wrong password and for an unknown email', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'wrong@newsroom.test', name: 'W', role: 'writer', password: testPassword });
    for (const email of ['wrong@newsroom.test', 'nobody@newsroom.test']) {
      const res = await submitLogin(app, email, 'not the password at all');
      expect(res.status).toBe(401);
      const html = await res.text();
      expect(html).toContain('Email or password is wrong');
      expect(res.headers.getSetCookie().some((c) => c.startsWith('broadsheet_session='))).toBe(false);
    }
  });

  it('after five failures from one address, refuses it even the right password; the right password from another address signs in', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'locked@newsroom.test', name: 'L', role: 'writer', password: testPassword });
    const attacker = fromIp('203.0.113.66');
    for (let i = 0; i < 5; i++) expect((await submitLogin(app, 'locked@newsroom.test', `guess number ${i}`, attacker)).status).toBe(401);
    const res = await submitLogin(app, 'locked@newsroom.test', testPassword, attacker);
    expect(res.status).toBe(429);
    expect(await res.text()).toContain('Too many attempts, try again in 15 minutes');

    // The editor at the office has no failures of their own: the stranger's guesses do not lock them out.
    const office = await submitLogin(app, 'locked@newsroom.test', testPassword, fromIp('198.51.100.20'));
    expect(office.status).toBe(303);
    expect(office.headers.getSetCookie().some((c) => c.startsWith('broadsheet_session='))).toBe(true);
    expect((await submitLogin(app, 'locked@newsroom.test', testPassword, attacker)).status).toBe(429);
  });

  it('once an account has five failures, an address that has failed on it gets no more tries', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'spread@newsroom.test', name: 'S', role: 'writer', password: testPassword });
    for (let i = 0; i < 5; i++) expect((await submitLogin(app, 'spread@newsroom.test', `guess ${i}`, fromIp(`192.0.2.${60 + i}`))).status).toBe(401);
    expect((await submitLogin(app, 'spread@newsroom.test', 'another guess', fromIp('192.0.2.60'))).status).toBe(429);
    expect((await submitLogin(app, 'spread@newsroom.test', testPassword, fromIp('192.0.2.99'))).status).toBe(303);
  });

  it('checks at most five of 30 wrong passwords sent at once for one account; the rest answer 429', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'raced@newsroom.test', name: 'R', role: 'writer', password: testPassword });
    const from = fromIp('203.0.113.77');
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => submitLogin(app, 'raced@newsroom.test', `parallel guess ${i}`, from).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const recorded = await services.database.db.selectFrom('login_failures').select('id').where('key', '=', 'account:raced@newsroom.test').execute();
    expect(recorded.length).toBeLessThanOrEqual(5);
  });

  it('signs in and goes to the newsroom when `next` holds a control character', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'next@newsroom.test', name: 'N', role: 'writer', password: testPassword });
    for (const next of ['%2Fadmin%2F%0D%0AX', '%2Fadmin%2F%00', '%2Fadmin%2Ftopics%09', '%2Fadmin%2F%7F', '%2Fadmin%2F%E2%80%A8']) {
      const form = await loginForm(app);
      const res = await app.request(`/admin/login?next=${next}`, {
        method: 'POST',
        body: new URLSearchParams({ _csrf: form.csrfToken, email: 'next@newsroom.test', password: testPassword }),
        headers: { cookie: form.cookie, origin: adminTestConfig.siteUrl },
      });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location')).toBe('/admin/articles');
      const page = await (await app.request(`/admin/login?next=${next}`)).text();
      expect(page).toContain('action="/admin/login?next=%2Fadmin%2Farticles"');
    }
  });

  it('limits one address trying many accounts, and not other addresses', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'target@newsroom.test', name: 'T', role: 'writer', password: testPassword });
    for (let i = 0; i < 20; i++) await submitLogin(app, `spray${i}@newsroom.test`, 'password123456', fromIp('203.0.113.9'));
    const blocked = await submitLogin(app, 'target@newsroom.test', testPassword, fromIp('203.0.113.9'));
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toMatch(/Too many attempts, try again in \d+ minutes?/);
    expect((await submitLogin(app, 'target@newsroom.test', testPassword, fromIp('198.51.100.4'))).status).toBe(303);
  });

  it('behind a proxy named in TRUST_PROXY, limits the address it forwards; anywhere else X-Forwarded-For is ignored', async () => {
    const { services } = fixture();
    await services.users.add({ email: 'proxied@newsroom.test', name: 'P', role: 'writer', password: testPassword });
    /** Signs in over a real socket from 127.0.0.1, as a browser behind the proxy would. */
    const loginVia = async (server: TestServer, email: string, password: string, forwardedFor: string) => {
      const form = await fetch(`${server.url}/admin/login`);
      const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const res = await fetch(`${server.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ _csrf: token, email, password }),
        headers: { cookie, origin: server.url, 'x-forwarded-for': forwardedFor },
      });
      return res.status;
    };

    const behindProxy = await startTestServer(createApp({ services, config: { ...adminTestConfig, trustProxy: ['loopback'] } }).fetch);
    const open = await startTestServer(createApp({ services, config: adminTestConfig }).fetch);
    try {
      for (let i = 0; i < 20; i++) expect(await loginVia(behindProxy, `spray${i}@newsroom.test`, 'password123456', '192.0.2.50')).toBe(401);
      expect(await loginVia(behindProxy, 'proxied@newsroom.test', testPassword, '192.0.2.50')).toBe(429);
      expect(await loginVia(behindProxy, 'proxied@newsroom.test', testPassword, '192.0.2.51')).toBe(303);

      // Without a trusted proxy, a new X-Forwarded-For on every try does not reset the count.
      for (let i = 0; i < 20; i++) expect(await loginVia(open, `spray${i}@newsroom.test`, 'password123456', `192.0.2.${100 + i}`)).toBe(401);
      expect(await loginVia(open, 'proxied@newsroom.test', testPassword, '192.0.2.200')).toBe(429);
    } finally {
      await Promise.all([behindProxy.close(), open.close()]);
    }
  });

  it('refuses the sign-in form without its CSRF token', async () => {
    const { services } = fixture();
    const res = await app.request('/admin/login', {
      method: 'POST',
      body: new URLSearchParams({ email: 'x@newsroom.test', password: testPassword }),
      headers: { origin: adminTestConfig.siteUrl },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('missing its security token');
  });

  it('refuses a signed-in form without the session CSRF token, or with another session\'s, and changes nothing', async () => {
    const { services } = fixture();
    const editor = await signIn(app, services, 'editor');
    const other = await signIn(app, services, 'editor');
    const before = await services.articles.count({});
    const fields = { headline: 'Forged', section: 'world', body: '[]' };
    for (const token of ['', other.csrfToken]) {
      const res = await adminPost(app, editor, '/admin/articles', fields, token);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('CSRF');
    }
    const header = await app.request('/admin/articles/1/autosave', { method: 'POST', body: '{}', headers: { cookie: editor.cookie, 'content-type': 'application/json', 'x-csrf-token': 'nope' } });
    expect(header.status).toBe(403);
    expect(await services.articles.count({})).toBe(before);
    expect((await adminPost(app, editor, '/admin/articles', fields)).status).toBe(303);
    expect(await services.articles.count({})).toBe(before + 1);
  });

  it('signs out this session, and everywhere', async () => {
    const { services } = fixture();
    const laptop = await signIn(app, services, 'writer');
    const cookieOf = async (s: { cookie: string }) => (await adminGet(app, s, '/admin/account')).status;
    // A second device for the same account.
    const phoneRes = await submitLogin(app, laptop.email, testPassword);
    const phone = { cookie: phoneRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    expect(await cookieOf(phone)).toBe(200);
    const account = await (await adminGet(app, laptop, '/admin/account')).text();
    expect(account).toContain('You have 2 active sessions');
    // Signing out everywhere asks first.
    expect(account).toMatch(/<details class="confirm"><summary[^>]*>Sign out everywhere…<\/summary><form method="post" action="\/admin\/logout-everywhere"/);

    const out = await adminPost(app, laptop, '/admin/logout-everywhere');
    expect(out.status).toBe(303);
    expect(await cookieOf(laptop)).toBe(303);
    expect(await cookieOf(phone)).toBe(303);
    expect(await services.accounts.sessions.countFor(laptop.user.id)).toBe(0);

    const again = await signIn(app, services, 'writer');
    expect((await adminPost(app, again, '/admin/logout')).status).toBe(303);
    expect((await adminGet(app, again, '/admin/articles')).headers.get('location')).toMatch(/^\/admin\/login/);
  });

  it('resets a forgotten password through the emailed link, once', async () => {
    const { database } = fixture();
    const services = createServices(database, { timeZone: 'Europe/London', smtpUrl: sink.url, siteUrl: 'http://localhost', siteName: 'Test Gazette' });
    const app = createAdminTestApp(services);
    const user = await services.users.add({ email: 'forgetful@newsroom.test', name: 'Forgetful Fay', role: 'writer', password: testPassword });
    const oldSession = await signIn(app, services, 'writer');
    await database.db.updateTable('sessions').set({ user_id: user.id }).where('user_id', '=', oldSession.user.id).execute();

    const form = await app.request('/admin/forgot');
    const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const post = (path: string, fields: Record<string, string>) =>
      app.request(path, { method: 'POST', body: new URLSearchParams({ _csrf: csrf, ...fields }), headers: { cookie, origin: adminTestConfig.siteUrl } });

    const before = sink.count;
    const asked = await post('/admin/forgot', { email: 'Forgetful@newsroom.test' });
    expect(await asked.text()).toContain('we have emailed it a link');
    await sink.waitFor(before + 1);
    const mail = await simpleParser(sink.messages.at(-1)!.raw);
    expect(mail.to).toMatchObject({ text: 'forgetful@newsroom.test' });
    expect(mail.subject).toBe('Reset your Test Gazette newsroom password');
    const link = /http:\/\/localhost(\/admin\/reset\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')![1]!;

    // An unknown address gets the same answer and no mail.
    expect(await (await post('/admin/forgot', { email: 'stranger@newsroom.test' })).text()).toContain('we have emailed it a link');

    expect(await (await app.request(link)).text()).toContain('New password again');
    const mismatch = await post(link, { password: 'a brand new password', confirm: 'something else entirely' });
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('<p class="field-error" id="reset-confirm-error"><span class="visually-hidden">Error: </span>The two passwords differ');
    const short = await post(link, { password: 'short', confirm: 'short' });
    expect(await short.text()).toContain('<p class="field-error" id="reset-password-error"><span class="visually-hidden">Error: </span>New password must be at least 12 characters');

    const done = await post(link, { password: 'a brand new password', confirm: 'a brand new password' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/login?reset=1');
    expect((await submitLogin(app, 'forgetful@newsroom.test', testPassword)).status).toBe(401);
    expect((await submitLogin(app, 'forgetful@newsroom.test', 'a brand new password')).status).toBe(303);
    expect((await adminGet(app, oldSession, '/admin/account')).status).toBe(303);

    const reused = await post(link, { password: 'yet another password', confirm: 'yet another password' });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain('invalid, used or expired');
    await services.accounts.settled();
    expect(sink.count).toBe(before + 1);
  });
});
