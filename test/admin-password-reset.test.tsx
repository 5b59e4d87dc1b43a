import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../src/accounts/users.js';
import { createServices, type Services } from '../src/services.js';
import { adminTestConfig, cookiesOf, createAdminTestApp, submitLogin, testPassword } from './support/admin.js';
import { describeEachDatabase, type TestDatabase } from './support/databases.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

const fromIp = (address: string) => ({ incoming: { socket: { remoteAddress: address }, headers: {} } });

/** The forgot-password page as a browser uses it: open the form, then post it from `address`. */
async function forgotPassword(services: Services, email: string, address = '192.0.2.1') {
  const app = createAdminTestApp(services);
  const form = await app.request('/admin/forgot');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const res = await (app.request as (path: string, init: RequestInit, env?: unknown) => Promise<Response>)(
    '/admin/forgot',
    { method: 'POST', body: new URLSearchParams({ _csrf: csrf, email }), headers: { cookie: cookiesOf(form), origin: adminTestConfig.siteUrl } },
    fromIp(address),
  );
  // The page carries this visit's own form token; everything else must be the same for everyone.
  return { status: res.status, body: (await res.text()).replaceAll(csrf, 'TOKEN') };
}

let counter = 0;
const newUser = (services: Services) => services.users.add({ email: `reset-${++counter}@newsroom.test`, name: `Reset ${counter}`, role: 'writer', password: testPassword });

const resetLinks = async (sink: SmtpSink, to: string) =>
  (await sink.parsed()).filter((m) => m.to && 'text' in m.to && m.to.text === to).map((m) => /http:\/\/localhost(\/admin\/reset\/[A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!);

describeEachDatabase('password reset requests', (fixture: () => TestDatabase) => {
  let sink: SmtpSink;
  let services: Services;
  beforeAll(async () => {
    sink = await startSmtpSink();
    services = createServices(fixture().database, { timeZone: 'Europe/London', smtpUrl: sink.url, siteUrl: 'http://localhost', siteName: 'Test Gazette' });
  });
  afterAll(async () => {
    await services?.accounts.settled();
    await sink?.close();
  });

  it('answers a known and an unknown address alike, with and without SMTP_URL, and the email still arrives', async () => {
    const user = await newUser(services);
    const lines: string[] = [];
    const noSmtp = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) });
    const answers = [
      await forgotPassword(services, user.email, '192.0.2.11'),
      await forgotPassword(services, 'nobody-here@newsroom.test', '192.0.2.11'),
      await forgotPassword(noSmtp, user.email, '192.0.2.11'),
      await forgotPassword(noSmtp, 'nobody-here@newsroom.test', '192.0.2.11'),
    ];
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.body).toContain('we have emailed it a link');
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);

    await Promise.all([services.accounts.settled(), noSmtp.accounts.settled()]);
    expect(await resetLinks(sink, user.email)).toHaveLength(1);
    expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 40 && l.msg.includes('SMTP_URL'))).toHaveLength(2);
  });

  it('answers before the email is sent: a mail server that never greets does not hold up the page', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const stalled = createServices(fixture().database, { timeZone: 'Europe/London', smtpUrl: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, siteUrl: 'http://localhost' });
    try {
      const user = await newUser(stalled);
      const answer = await forgotPassword(stalled, user.email, '192.0.2.12');
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('we have emailed it a link');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      await stalled.accounts.settled();
    }
  });

  it('sends at most three reset emails an hour for one account, however many are asked for, and answers every request alike', async () => {
    const user = await newUser(services);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => forgotPassword(services, user.email, `198.51.100.${i + 1}`)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]!.body).toContain('we have emailed it a link');
    await services.accounts.settled();
    expect(await resetLinks(sink, user.email)).toHaveLength(3);
  });

  it('sends at most ten reset emails an hour asked for from one client address', async () => {
    const users: User[] = [];
    for (let i = 0; i < 12; i++) users.push(await newUser(services));
    const before = sink.count;
    for (const user of users) await forgotPassword(services, user.email, '203.0.113.30');
    await services.accounts.settled();
    expect(sink.count - before).toBe(10);
  });

  it('using one reset link ends the account\'s other links, and so does setting the password', async () => {
    const user = await newUser(services);
    await forgotPassword(services, user.email, '192.0.2.13');
    await forgotPassword(services, user.email, '192.0.2.13');
    await services.accounts.settled();
    const [first, second] = await resetLinks(sink, user.email);
    expect(first && second && first !== second).toBe(true);
    expect(await services.accounts.resetLinkValid(first!.split('/').at(-1)!)).toBe(true);

    await services.accounts.resetPassword(second!.split('/').at(-1)!, 'the newest password of all');
    const app = createAdminTestApp(services);
    expect(await (await app.request(first!)).text()).toContain('invalid, used or expired');
    await expect(services.accounts.resetPassword(first!.split('/').at(-1)!, 'an older link tries again')).rejects.toThrow('invalid, used or expired');
    expect((await submitLogin(app, user.email, 'the newest password of all')).status).toBe(303);

    await forgotPassword(services, user.email, '192.0.2.14');
    await services.accounts.settled();
    const third = (await resetLinks(sink, user.email)).at(-1)!;
    await services.users.setPassword(user.id, 'changed without any link');
    expect(await services.accounts.resetLinkValid(third.split('/').at(-1)!)).toBe(false);
  });

  it('sends the email to the account holder with a link to this site', async () => {
    const user = await newUser(services);
    await forgotPassword(services, user.email.toUpperCase(), '192.0.2.15');
    await services.accounts.settled();
    const mail = await simpleParser(sink.messages.at(-1)!.raw);
    expect(mail.to).toMatchObject({ text: user.email });
    expect(mail.subject).toBe('Reset your Test Gazette newsroom password');
  });
});
