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

  it('refuses contributors with 403 and changes nothing', async () => {
    const { services } = fixture();
    for (const path of ['/admin/partners', '/admin/newsletters', '/admin/newsletters/weekend-read']) expect((await adminGet(app, contributor, path)).status, path).toBe(403);
    const before = await services.newsletters.find('weekend-read');
    const res = await adminPost(app, contributor, '/admin/newsletters/weekend-read', { name: 'Hijacked', label: '', cron: '' });
    expect(res.status).toBe(403);
    expect(await services.newsletters.find('weekend-read')).toEqual(before);
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
