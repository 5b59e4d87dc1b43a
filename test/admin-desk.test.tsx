import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('partner content and newsletter pages', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let contributor: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await seedNewsletters(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    contributor = await signIn(app, services, 'contributor');
  });

  it('lists partner content only', async () => {
    const { services } = fixture();
    await publishedArticle(services, { headline: 'Sponsored: the future of rail', sponsor: 'Rail Co <Ltd>' });
    await publishedArticle(services, { headline: 'Ordinary news about rail' });
    const html = await (await adminGet(app, editor, '/admin/partners')).text();
    expect(html).toContain('Sponsored: the future of rail');
    expect(html).toContain('Rail Co &lt;Ltd&gt;');
    expect(html).not.toContain('Ordinary news about rail');
  });

  it('lists the newsletter catalogue and edits one through services.newsletters', async () => {
    const { services } = fixture();
    const list = await (await adminGet(app, editor, '/admin/newsletters')).text();
    expect(list).toContain('The Daily Brief');
    expect(list).toContain('Weekday mornings (0 7 * * 1-5, Europe/London)');
    const form = await (await adminGet(app, editor, '/admin/newsletters/daily-brief')).text();
    expect(form).toContain('World news every weekday.');

    const saved = await adminPost(app, editor, '/admin/newsletters/daily-brief', {
      name: 'The Morning Brief',
      description: 'World news, early.',
      label: 'Weekdays at six',
      cron: '0 6 * * 1-5',
      timezone: 'Europe/London',
      senderName: 'Morning desk',
      replyTo: 'desk@test.example',
      requiresApproval: 'on',
    });
    expect(saved.status).toBe(303);
    expect(await services.newsletters.find('daily-brief')).toMatchObject({
      name: 'The Morning Brief',
      description: 'World news, early.',
      cadence: { cron: '0 6 * * 1-5', timezone: 'Europe/London', label: 'Weekdays at six' },
      senderName: 'Morning desk',
      requiresApproval: true,
      marketing: false,
    });

    const bad = await adminPost(app, editor, '/admin/newsletters/daily-brief', { name: 'The Morning Brief', label: 'Sometimes', cron: 'whenever', timezone: 'Europe/London' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('cadence.cron: must be a cron expression');
    expect(html).toContain('value="whenever"');
    expect((await services.newsletters.find('daily-brief'))!.cadence!.cron).toBe('0 6 * * 1-5');
  });

  it('adds a newsletter with its rule, and edits the rule', async () => {
    const { services } = fixture();
    const added = await adminPost(app, editor, '/admin/newsletters', {
      slug: 'print-highlights',
      name: 'Print Highlights',
      description: 'The best of the weekly issue.',
      label: 'Saturdays',
      cron: '0 8 * * 6',
      timezone: 'Europe/London',
      rule: 'print-issue',
    });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/admin/newsletters/print-highlights?done=created');
    expect(await services.newsletters.find('print-highlights')).toMatchObject({ name: 'Print Highlights', rule: { kind: 'print-issue' }, cadence: { cron: '0 8 * * 6' } });

    const edited = await adminPost(app, editor, '/admin/newsletters/print-highlights', { name: 'Print Highlights', rule: 'latest', sections: 'world, politics', topics: 'russia', label: '', cron: '' });
    expect(edited.status).toBe(303);
    expect(await services.newsletters.find('print-highlights')).toMatchObject({ rule: { kind: 'latest', sections: ['world', 'politics'], topics: ['russia'] }, cadence: null });
    const form = parseHTML(await (await adminGet(app, editor, '/admin/newsletters/print-highlights')).text()).document;
    expect(form.querySelector<HTMLSelectElement>('#nl-rule')!.querySelector('option[selected]')!.getAttribute('value')).toBe('latest');
    expect(form.querySelector('#nl-sections')!.getAttribute('value')).toBe('world, politics');
  });

  it('names the problem with a new newsletter and adds nothing', async () => {
    const { services } = fixture();
    const before = (await services.newsletters.list()).length;
    const res = await adminPost(app, editor, '/admin/newsletters', { slug: 'subscribe', name: '', rule: 'weekly-magic' });
    expect(res.status).toBe(422);
    const alert = parseHTML(await res.text()).document.querySelector('[role="alert"]')!.textContent!;
    expect(alert).toContain('slug: is reserved for the newsletter pages');
    expect(alert).toContain('name: is required');
    expect(alert).toContain('rule.kind');
    expect((await services.newsletters.list()).length).toBe(before);
  });

  it('shows a held issue with its contents, sends it from its page, and then shows the send', async () => {
    const { services } = fixture();
    await publishedArticle(services, { headline: 'Coalition talks stall', section: 'politics' }, { publishedAt: new Date().toISOString() });
    await services.newsletters.subscriptions.importSubscribers('weekend-read', ['one@example.org', 'two@example.org', 'three@example.org']);
    const { issue } = await services.newsletters.issues.composeNow('weekend-read');
    expect(issue!.status).toBe('awaiting_approval');

    const held = parseHTML(await (await adminGet(app, editor, '/admin/newsletters/weekend-read')).text()).document;
    const row = [...held.querySelectorAll('#issues-heading ~ .table-frame tbody tr')].find((tr) => tr.textContent!.includes(issue!.subject))!;
    expect(row.textContent).toContain('Held for approval');
    expect(row.querySelector('a')!.textContent).toBe('The Weekend Read: Coalition talks stall');
    // The held issue's own page is where it is sent from.
    const page = parseHTML(await (await adminGet(app, editor, row.querySelector('a')!.getAttribute('href')!)).text()).document;
    const send = [...page.querySelectorAll('form.nl-action')].find((form) => form.querySelector('button')?.textContent === 'Send')!;
    const action = send.getAttribute('action')!;
    expect(action).toBe(`/admin/newsletters/weekend-read/issues/${issue!.id}/send`);

    const stranger = await adminPost(app, contributor, action, { segment: 'everyone' });
    expect(stranger.status).toBe(403);
    expect((await services.newsletters.issues.get(issue!.id))!.status).toBe('awaiting_approval');

    const sent = await adminPost(app, editor, action, { segment: 'everyone' });
    expect(sent.status).toBe(303);
    expect((await services.newsletters.issues.get(issue!.id))!).toMatchObject({ status: 'sending', recipients: 3 });
    const sending = await (await adminGet(app, editor, sent.headers.get('location')!)).text();
    expect(sending).toContain('Sending: the issue is on its way to subscribers');
    expect(sending).toContain('Sending: 0 of 3 sent, 0 failed');

    // A second click sends nothing more.
    expect((await adminPost(app, editor, action, { segment: 'everyone' })).status).toBe(303);
    expect((await services.newsletters.issues.get(issue!.id))!).toMatchObject({ status: 'sending', recipients: 3 });
    expect((await adminPost(app, editor, `/admin/newsletters/daily-brief/issues/${issue!.id}/send`, { segment: 'everyone' })).status).toBe(404);
  });

  it('refuses contributors with 403 and changes nothing', async () => {
    const { services } = fixture();
    for (const path of ['/admin/partners', '/admin/newsletters', '/admin/newsletters/weekend-read']) expect((await adminGet(app, contributor, path)).status, path).toBe(403);
    const before = await services.newsletters.find('weekend-read');
    const res = await adminPost(app, contributor, '/admin/newsletters/weekend-read', { name: 'Hijacked', label: '', cron: '' });
    expect(res.status).toBe(403);
    expect(await services.newsletters.find('weekend-read')).toEqual(before);
    const added = await adminPost(app, contributor, '/admin/newsletters', { slug: 'pirate', name: 'Pirate', rule: 'manual' });
    expect(added.status).toBe(403);
    expect(await services.newsletters.find('pirate')).toBeUndefined();
  });

  it('shows contributors no desk links, editors no Users link', async () => {
    const forContributor = await (await adminGet(app, contributor, '/admin/articles')).text();
    expect(forContributor).toContain('href="/admin/articles/new"');
    expect(forContributor).not.toContain('href="/admin/sections"');
    const forEditor = await (await adminGet(app, editor, '/admin/articles')).text();
    expect(forEditor).toContain('href="/admin/newsletters"');
    expect(forEditor).not.toContain('href="/admin/users"');
  });
});
