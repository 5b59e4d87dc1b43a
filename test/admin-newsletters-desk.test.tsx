import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { deskService } from '../src/desk/desk-service.js';
import { createServices, type Services } from '../src/services.js';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';

describeEachDatabase('newsletters from the desk', (fixture) => {
  let sink: SmtpSink;
  let services: Services;
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

  beforeAll(async () => {
    sink = await startSmtpSink({ reject: (a) => a.startsWith('gone@') });
    services = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', smtpUrl: sink.url, mailFrom: 'The Test Times <news@test.example>' });
    await seedNewsroom(services);
    await seedNewsletters(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer');
    await publishedArticle(services, { headline: 'Harbour strike <ends> & ships sail', section: 'world' }, { publishedAt: hourAgo() });
    await publishedArticle(services, { headline: 'Budget vote looms', section: 'politics' }, { publishedAt: hourAgo() });
    for (const email of ['ann@example.org', 'bob@example.org', 'gone@example.org', 'leaver@example.org']) {
      await services.newsletters.subscriptions.importSubscribers('daily-brief', [email]);
    }
    await services.newsletters.subscriptions.importSubscribers('weekend-read', ['wanda@example.org']);
  });
  afterAll(() => sink.close());
  beforeEach(() => {
    sink.messages.length = 0;
    sink.count = 0;
  });

  const db = () => fixture().database.db;
  const issuesOf = async (slug: string) => {
    const n = (await services.newsletters.find(slug))!;
    return db().selectFrom('newsletter_issues').selectAll().where('newsletter_id', '=', n.id).orderBy('id').execute();
  };
  const deliveries = async () => Number((await db().selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const page = async (who: SignedIn, path: string) => parseHTML(await (await adminGet(app, who, path)).text()).document;

  it('sends a test of the next issue to the editor alone, records nothing, and refuses a writer', async () => {
    const issuesBefore = (await issuesOf('daily-brief')).length;
    const res = await adminPost(app, editor, '/admin/newsletters/daily-brief/test');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/newsletters/daily-brief?done=test-sent');
    expect((await page(editor, res.headers.get('location')!)).querySelector('.toast')!.textContent).toBe('Test sent to your address');

    await sink.waitFor(1);
    const [mail] = await sink.parsed();
    expect(sink.messages.map((m) => m.to)).toEqual([[editor.email]]);
    expect(mail!.subject).toBe('[Test] The Daily Brief: Harbour strike <ends> & ships sail');
    expect(mail!.html).toContain('Harbour strike &lt;ends&gt; &amp; ships sail');
    expect(mail!.text).toContain('Harbour strike <ends> & ships sail');
    expect(mail!.html).not.toContain('{{');
    expect(await deliveries()).toBe(0);
    expect((await issuesOf('daily-brief')).length).toBe(issuesBefore);

    const refused = await adminPost(app, writer, '/admin/newsletters/daily-brief/test');
    expect(refused.status).toBe(403);
    expect(sink.count).toBe(1);
  });

  it('limits test sends so that they cannot be used to spam', async () => {
    const sender = await signIn(app, services, 'editor');
    for (let i = 0; i < 10; i++) expect((await adminPost(app, sender, '/admin/newsletters/daily-brief/test')).status).toBe(303);
    const over = await adminPost(app, sender, '/admin/newsletters/daily-brief/test');
    expect(over.status).toBe(429);
    expect(parseHTML(await over.text()).document.querySelector('[role=alert]')!.textContent).toMatch(/Too many test sends, try again in \d+ minutes?/);
    expect(sink.messages.flatMap((m) => m.to).every((to) => to === sender.email)).toBe(true);
    expect(sink.count).toBe(10);
  });

  it('composes now and shows the issue first: subject, articles and the email in a sandboxed frame', async () => {
    const res = await adminPost(app, editor, '/admin/newsletters/daily-brief/compose');
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/newsletters\/daily-brief\/issues\/\d+$/);
    const doc = await page(editor, location);
    expect(doc.querySelector('.nl-subject')!.textContent).toBe('The Daily Brief: Harbour strike <ends> & ships sail');
    expect([...doc.querySelectorAll('.nl-articles a')].map((a) => a.textContent)).toEqual(['Harbour strike <ends> & ships sail']);
    expect([...doc.querySelectorAll('.nl-decide button')].map((b) => b.textContent!.trim())).toEqual(['Send', 'Hold', 'Discard']);
    const frame = doc.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).toBe('');

    const email = await adminGet(app, editor, frame.getAttribute('src')!);
    expect(email.status).toBe(200);
    expect(email.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(email.headers.get('content-security-policy')).toContain('sandbox');
    expect(email.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const html = await email.text();
    expect(html).toContain('Harbour strike &lt;ends&gt; &amp; ships sail');
    expect(html).not.toContain('{{');
    expect((await adminGet(app, writer, frame.getAttribute('src')!)).status).toBe(403);
    expect(await deliveries()).toBe(0);
  });

  it('sends a composed issue once however often Send is pressed, and the emails arrive', async () => {
    const composed = await adminPost(app, editor, '/admin/newsletters/daily-brief/compose');
    const path = composed.headers.get('location')!;
    const id = Number(path.split('/').pop());
    const [first, second] = await Promise.all([adminPost(app, editor, `${path}/send`), adminPost(app, editor, `${path}/send`)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect((await adminPost(app, editor, `${path}/send`)).headers.get('location')).toBe(`${path}?done=queued`);

    const sending = (await issuesOf('daily-brief')).filter((i) => i.status !== 'discarded' && i.status !== 'composed');
    expect(sending.map((i) => [i.id, i.status, i.recipients])).toEqual([[id, 'sending', 4]]);
    expect(await deliveries()).toBe(4);
    const progress = await services.desk.sendsInProgress({ id: editor.user.id, role: 'editor', author_id: null });
    expect(progress).toEqual([expect.objectContaining({ issueId: id, newsletter: { slug: 'daily-brief', name: 'The Daily Brief' }, sent: 0, failed: 0, total: 4 })]);
    await expect(services.desk.sendsInProgress({ id: writer.user.id, role: 'writer', author_id: null })).rejects.toMatchObject({ status: 403 });

    // One subscriber leaves before their turn; gone@ bounces.
    const leaver = await db().selectFrom('subscribers').select('id').where('email', '=', 'leaver@example.org').executeTakeFirstOrThrow();
    await db().updateTable('subscriptions').set({ status: 'unsubscribed' }).where('subscriber_id', '=', leaver.id).execute();
    await services.newsletters.sendPending({ connections: 2, pollMs: 20 });
    expect(sink.messages.flatMap((m) => m.to).sort()).toEqual(['ann@example.org', 'bob@example.org']);
    expect((await sink.parsed()).map((m) => m.subject)).toEqual(['The Daily Brief: Harbour strike <ends> & ships sail', 'The Daily Brief: Harbour strike <ends> & ships sail']);

    const row = (await page(editor, '/admin/newsletters/daily-brief')).querySelector(`tr[data-issue="${id}"]`)!;
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent!.trim());
    expect(cells[1]).toBe('Sent');
    expect(cells[2]).toMatch(/^\w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (GMT|BST)$/);
    expect(cells.slice(3)).toEqual(['4', '2', '0', '2', '2']);
    const figures = (await page(editor, path)).querySelector('.nl-figures')!.textContent;
    expect(figures).toContain('OpenedNot tracked');
  });

  it('holds a composed issue without sending it, then sends or discards it later', async () => {
    const compose = async () => (await adminPost(app, editor, '/admin/newsletters/weekend-read/compose')).headers.get('location')!;
    const path = await compose();
    const held = await adminPost(app, editor, `${path}/hold`);
    expect(held.headers.get('location')).toBe(`${path}?done=held`);
    const id = Number(path.split('/').pop());
    expect((await issuesOf('weekend-read')).find((i) => i.id === id)!.status).toBe('awaiting_approval');
    await services.newsletters.sendPending({ pollMs: 20 });
    expect(sink.count).toBe(0);
    const heldPage = await page(editor, path);
    expect([...heldPage.querySelectorAll('.nl-decide button')].map((b) => b.textContent!.trim())).toEqual(['Send', 'Discard']);

    const discarded = await adminPost(app, editor, `${path}/discard`);
    expect(discarded.headers.get('location')).toBe('/admin/newsletters/weekend-read?done=discarded');
    expect((await issuesOf('weekend-read')).find((i) => i.id === id)!.status).toBe('discarded');
    expect((await adminPost(app, editor, `${path}/send`)).status).toBe(409);

    // A discarded issue covers nothing: its article is in the next one, which can be held and sent.
    const next = await compose();
    await adminPost(app, editor, `${next}/hold`);
    expect((await page(editor, next)).querySelector('.nl-articles')!.textContent).toContain('Budget vote looms');
    expect((await adminPost(app, editor, `${next}/send`)).status).toBe(303);
    await services.newsletters.sendPending({ pollMs: 20 });
    expect(sink.messages.map((m) => m.to)).toEqual([['wanda@example.org']]);
  });

  it('says when there is nothing new to compose or test, and stores nothing', async () => {
    const before = (await issuesOf('weekend-read')).length;
    for (const action of ['compose', 'test']) {
      const res = await adminPost(app, editor, `/admin/newsletters/weekend-read/${action}`);
      expect(res.status).toBe(409);
      expect(parseHTML(await res.text()).document.querySelector('[role=alert]')!.textContent).toContain('Nothing new for The Weekend Read');
    }
    expect((await issuesOf('weekend-read')).length).toBe(before);
    expect(sink.count).toBe(0);
  });

  it("shows the week's sends by day in the site's zone across the change to summer time", async () => {
    await services.newsletters.add({
      slug: 'sunday-long-read',
      name: 'The Sunday Long Read',
      cadence: { cron: '0 7 * * 0', timezone: 'Europe/London', label: 'Sunday mornings' },
      rule: { kind: 'latest' },
    });
    await services.newsletters.add({ slug: 'noon-wire', name: 'Noon Wire', cadence: { cron: '0 12 * * 0', timezone: 'UTC', label: 'Sundays at noon UTC' }, rule: { kind: 'latest' } });
    // Thursday 26 March 2026; the clocks go forward at 01:00 GMT on Sunday the 29th.
    const clock = () => new Date('2026-03-26T10:00:00.000Z');
    const scheduled = { ...services, desk: deskService(db(), { ...services, now: clock }) };
    const scheduledApp = createAdminTestApp(scheduled);
    const doc = parseHTML(await (await adminGet(scheduledApp, editor, '/admin/newsletters')).text()).document;
    const days = [...doc.querySelectorAll('.nl-day')].map((d) => ({
      day: d.querySelector('.nl-day-name')!.textContent,
      sends: [...d.querySelectorAll('.nl-send')].map((s) => s.textContent!.replace(/\s+/g, ' ').trim()),
    }));
    const sunday = days.find((d) => d.day === 'Sun 29 Mar 2026')!;
    expect(sunday.sends).toEqual(['07:00 BST The Sunday Long Read', '13:00 BST Noon Wire (12:00 UTC in UTC)']);
    expect(days.find((d) => d.day === 'Fri 27 Mar 2026')!.sends).toEqual(['07:00 GMT The Daily Brief']);
    expect(days.find((d) => d.day === 'Sat 28 Mar 2026')!.sends).toEqual(['09:00 GMT The Weekend Read held for approval']);
    expect(days.find((d) => d.day === 'Mon 30 Mar 2026')!.sends).toEqual(['07:00 BST The Daily Brief']);
    // From now (Thursday 10:00 GMT, after the day's brief) to the same time a week on.
    expect([days[0]!.day, days.at(-1)!.day]).toEqual(['Fri 27 Mar 2026', 'Thu 2 Apr 2026']);
    expect(doc.querySelector('.nl-week time[datetime="2026-03-29T06:00:00.000Z"]')).not.toBeNull();
  });
});
