import { beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { openRuntime } from '../src/runtime.js';
import { startServer } from '../src/server.js';
import { adminGet, adminPost, adminTestConfig, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };

describeEachDatabase('article editor', (fixture) => {
  // The whole application, as a browser reaches it: the article, list, preview and media routes behind the real sign-in.
  let app: ReturnType<typeof createAdminTestApp>;
  let contributor: SignedIn;
  let editor: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    app = createAdminTestApp(services);
    contributor = await signIn(app, services, 'contributor', { authorId: authors[0]!.id });
    editor = await signIn(app, services, 'editor');
  });

  /** A signed-in JSON post, as the autosave island sends it. */
  const postJson = (who: SignedIn, path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { cookie: who.cookie, origin: adminTestConfig.siteUrl, 'content-type': 'application/json', 'x-csrf-token': who.csrfToken },
    });

  const fields = (overrides: Record<string, string | number> = {}) => ({
    headline: 'Ministers meet in Geneva',
    standfirst: 'Talks resume.',
    section: 'world',
    authors: 'ada-reporter',
    topics: 'russia',
    body: JSON.stringify([b.p('Delegations arrived on Monday.')]),
    ...overrides,
  });

  it('creates an article from the form and opens it in the editor', async () => {
    const res = await adminPost(app, contributor, '/admin/articles', fields({ headline: 'Created from the form' }));
    expect(res.status).toBe(303);
    const page = await adminGet(app, contributor, res.headers.get('location')!);
    const html = await page.text();
    expect(html).toContain('value="Created from the form"');
    expect(html).toContain('Submit for review');
    expect(html).not.toContain('Publish now');
    expect(html).toContain('Delegations arrived on Monday.');
  });

  it('lists articles filtered by status, section, author and headline', async () => {
    const { editorial } = fixture().services;
    await editorial.create(editor.actor, articleInput({ headline: 'Findable draft about tariffs', section: 'politics', authors: ['ben-writer'] }));
    const live = await editorial.create(editor.actor, articleInput({ headline: 'Live report on tariffs' }));
    await editorial.publish(editor.actor, live.id);
    const drafts = await (await adminGet(app, editor, '/admin/articles?status=draft&q=tariffs')).text();
    expect(drafts).toContain('Findable draft about tariffs');
    expect(drafts).not.toContain('Live report on tariffs');
    const bySection = await (await adminGet(app, editor, '/admin/articles?section=politics&author=ben-writer')).text();
    expect(bySection).toContain('Findable draft about tariffs');
    expect(bySection).not.toContain('Live report on tariffs');
  });

  it('answers a stale save with 409, keeps the typing in the form and overwrites nothing', async () => {
    const { services } = fixture();
    const draft = await services.editorial.create(editor.actor, articleInput({ headline: 'Original headline' }));
    expect((await adminPost(app, editor, `/admin/articles/${draft.id}`, fields({ version: 1, headline: 'First editor wins' }))).status).toBe(303);
    const late = await adminPost(app, editor, `/admin/articles/${draft.id}`, fields({ version: 1, headline: 'Second editor <typed> this' }));
    expect(late.status).toBe(409);
    const html = await late.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('the saved one is version 2');
    expect(html).toContain('value="Second editor &lt;typed&gt; this"');
    expect((await services.articles.get(draft.id))?.headline).toBe('First editor wins');

    const auto = await postJson(editor, `/admin/articles/${draft.id}/autosave`, { version: 1, fields: { headline: 'x' } });
    expect(auto.status).toBe(409);
    expect(await auto.json()).toMatchObject({ currentVersion: 2 });
  });

  it('uploads an image with alt text and refuses one without, naming the field', async () => {
    const png = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#246' } }).png().toBuffer();
    const upload = (alt: string) => {
      const body = new FormData();
      body.set('_csrf', contributor.csrfToken);
      body.set('file', new File([png], 'chart.png', { type: 'image/png' }));
      body.set('alt', alt);
      body.set('credit', 'Graphic: Desk');
      return app.request('/admin/media', { method: 'POST', body, headers: { accept: 'application/json', cookie: contributor.cookie, origin: adminTestConfig.siteUrl } });
    };
    const refused = await upload('');
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toContain('alt: is required');
    const ok = await upload('Chart of rising prices');
    expect(ok.status).toBe(201);
    const { block } = await ok.json();
    expect(block).toMatchObject({ type: 'image', alt: 'Chart of rising prices', credit: 'Graphic: Desk', width: 800 });
    expect(block.sources.map((s: { width: number }) => s.width)).toEqual([320, 640, 800]);
    expect(await (await adminGet(app, contributor, '/admin/media')).text()).toContain('alt="Chart of rising prices"');
  });

  it('keeps autosaves of a live article out of the site and brings them back into the editor', async () => {
    const { services } = fixture();
    const draft = await services.editorial.create(editor.actor, articleInput({ headline: 'Live headline' }));
    const live = await services.editorial.publish(editor.actor, draft.id);
    const auto = await postJson(editor, `/admin/articles/${draft.id}/autosave`, { version: live.version, fields: { headline: 'Unfinished new headline' } });
    expect(await auto.json()).toMatchObject({ stored: 'autosave', version: live.version });
    expect(await (await createApp({ services, config }).request(live.path)).text()).toMatch(/<h1[^>]*>Live headline<\/h1>/);
    const form = await (await adminGet(app, editor, `/admin/articles/${draft.id}`)).text();
    expect(form).toContain('value="Unfinished new headline"');
    expect(form).toContain('Your unsaved changes from');
  });

  it("refuses a contributor's attempt to publish with 403 and changes nothing", async () => {
    const { services } = fixture();
    const draft = await services.editorial.create(contributor.actor, articleInput({ authors: [] }));
    const res = await adminPost(app, contributor, `/admin/articles/${draft.id}/workflow`, { action: 'publish' });
    expect(res.status).toBe(403);
    expect((await services.articles.get(draft.id))?.status).toBe('draft');
  });

  it('previews as readers see it, then schedules, publishes, shows revisions with a diff and restores', async () => {
    const { services } = fixture();
    const draft = await services.editorial.create(contributor.actor, articleInput({ headline: 'Before the edit', authors: [] }));
    await adminPost(app, contributor, `/admin/articles/${draft.id}/workflow`, { action: 'submit' });
    const preview = await (await adminGet(app, editor, `/admin/articles/${draft.id}/preview`)).text();
    expect(preview).toMatch(/<h1[^>]*>Before the edit<\/h1>/);
    expect(preview).toContain('First paragraph.');

    expect((await adminPost(app, editor, `/admin/articles/${draft.id}/workflow`, { action: 'schedule', when: '2099-01-01T09:00' })).status).toBe(303);
    expect((await services.articles.get(draft.id))).toMatchObject({ status: 'scheduled', scheduledFor: '2099-01-01T09:00:00.000Z' });
    await adminPost(app, editor, `/admin/articles/${draft.id}/workflow`, { action: 'publish' });
    const live = (await services.articles.get(draft.id))!;
    await adminPost(app, editor, `/admin/articles/${draft.id}`, fields({ version: live.version, headline: 'After the edit', body: JSON.stringify(live.body) }));

    const revisions = await (await adminGet(app, editor, `/admin/articles/${draft.id}/revisions?from=${live.version}&to=${live.version + 1}`)).text();
    // The word-level diff: only the changed word is struck through and the new one underlined.
    expect(revisions).toContain('Headline: <del class="preview-del">Before</del><ins class="preview-ins">After</ins> the edit');
    const restore = await adminPost(app, editor, `/admin/articles/${draft.id}/revisions/${live.version}/restore`, { version: live.version + 1 });
    expect(restore.status).toBe(303);
    expect((await services.articles.get(draft.id))?.headline).toBe('Before the edit');
    const site = await (await createApp({ services, config }).request(live.path)).text();
    expect(site).toMatch(/<h1[^>]*>Before the edit<\/h1>/);
  });

  it('publishes, at startup, a scheduled article whose time passed while the server was down', async () => {
    const { services, dataDir, databaseUrl } = fixture();
    const due = await services.articles.create(articleInput({ headline: 'Due while we were down' }), {
      status: 'scheduled',
      scheduledFor: new Date(Date.now() - 60_000).toISOString(),
    });
    const runtime = await openRuntime({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'silent' });
    const server = await startServer(runtime);
    try {
      let article = await services.articles.get(due.id);
      for (let i = 0; i < 20 && article?.status !== 'published'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        article = await services.articles.get(due.id);
      }
      expect(article?.status).toBe('published');
      const page = await fetch(`${server.url}${article!.path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Due while we were down');
    } finally {
      await server.stop();
      await runtime.close();
    }
  });

  it('shows a correction as a dated note on the article page, escaped', async () => {
    const { services } = fixture();
    const editor = { id: 1, role: 'editor' as const, author_id: null };
    const draft = await services.editorial.create(editor, articleInput({ headline: 'Corrected story' }));
    const live = await services.editorial.publish(editor, draft.id);
    await services.editorial.addNote(editor, draft.id, { kind: 'correction', text: 'We misnamed the <b>minister</b>.' }, live.version);
    const app = createApp({ services, config });
    const html = await (await app.request(live.path)).text();
    const today = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date());
    expect(html).toContain(`<strong>Correction, <time`);
    expect(html).toContain(`${today}</time>:</strong> We misnamed the &lt;b&gt;minister&lt;/b&gt;.`);
  });
});
