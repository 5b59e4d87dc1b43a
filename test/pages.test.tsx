import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { loadDemo } from '../src/demo/load.js';
import { pageStore } from '../src/pages/page-store.js';
import { RESERVED_PAGE_SLUGS } from '../src/pages/reserved-slugs.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { adminGet, adminPost, adminTestConfig, signIn } from './support/admin.js';
import { createSqliteDatabase, describeEachDatabase } from './support/databases.js';
import { seedNewsroom } from './support/fixtures.js';

const about = { slug: 'about', title: 'About us', standfirst: 'Who we are.', body: [b.p('We report on the coast.')], status: 'published' };

describeEachDatabase('pages store', (fixture) => {
  it('inserts, reads by slug and status, updates keeping the first publication, lists links by title and deletes', async () => {
    const store = pageStore(fixture().database.db);
    const draft = await store.insert({ slug: 'terms', title: 'Terms', standfirst: '', body: '[]', status: 'draft' }, '2026-01-01T00:00:00.000Z');
    const live = await store.insert({ slug: 'contact', title: 'Contact', standfirst: 'Write to us', body: '[]', status: 'published' }, '2026-01-02T00:00:00.000Z');
    expect(draft.published_at).toBeNull();
    expect(live.published_at).toBe('2026-01-02T00:00:00.000Z');
    expect(await store.publishedBySlug('terms')).toBeUndefined();
    expect((await store.publishedBySlug('contact'))?.title).toBe('Contact');

    const updated = await store.update(draft.id, { slug: 'terms', title: 'Terms of use', standfirst: '', body: '[]', status: 'published' }, '2026-01-03T00:00:00.000Z');
    expect(updated).toMatchObject({ title: 'Terms of use', published_at: '2026-01-03T00:00:00.000Z', updated_at: '2026-01-03T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' });
    const again = await store.update(draft.id, { slug: 'terms', title: 'Terms of use', standfirst: '', body: '[]', status: 'published' }, '2026-01-04T00:00:00.000Z');
    expect(again?.published_at).toBe('2026-01-03T00:00:00.000Z');
    expect(await store.update(9999, { slug: 'x', title: 'X', standfirst: '', body: '[]', status: 'draft' }, '2026-01-04T00:00:00.000Z')).toBeUndefined();

    expect(await store.publishedLinks()).toEqual([
      { slug: 'contact', title: 'Contact' },
      { slug: 'terms', title: 'Terms of use' },
    ]);
    await expect(store.insert({ slug: 'contact', title: 'Twice', standfirst: '', body: '[]', status: 'draft' }, '2026-01-05T00:00:00.000Z')).rejects.toThrow();
    expect(await store.remove(live.id)).toBe(true);
    expect(await store.remove(live.id)).toBe(false);
    expect((await store.list()).map((p) => p.slug)).toEqual(['terms']);
  });
});

describe('pages service', () => {
  it('lets editors and admins manage pages and refuses writers, naming the role', async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    const app = createApp({ services, config: adminTestConfig });
    const writer = await signIn(app, services, 'writer');
    const editor = await signIn(app, services, 'editor');
    await expect(services.pages.create(writer.actor, about)).rejects.toThrow('A writer may not do this: it needs the editor role');
    const page = await services.pages.create(editor.actor, about);
    expect(page).toMatchObject({ slug: 'about', path: '/about', status: 'published', body: [b.p('We report on the coast.')] });
    await db.close();
  });

  it('refuses a reserved address, a section’s address, a taken one, a malformed body and an unknown status, each on its field', async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    await seedNewsroom(services);
    const admin = { id: 1, role: 'admin' as const, author_id: null };
    await services.pages.create(admin, about);
    const refusal = async (input: Partial<typeof about> & Record<string, unknown>) => {
      const error = await services.pages.create(admin, { ...about, ...input }).catch((e: unknown) => e);
      return (error as { issues?: unknown }).issues;
    };
    expect(await refusal({ slug: 'search' })).toEqual([{ path: 'slug', message: 'is one of the site’s own addresses; choose another' }]);
    expect(await refusal({ slug: 'world' })).toEqual([{ path: 'slug', message: 'is the address of the section “World”; choose another' }]);
    expect(await refusal({ slug: 'about', title: 'Another' })).toEqual([{ path: 'slug', message: 'is taken by the page “About us”' }]);
    expect(await refusal({ slug: 'About Us' })).toEqual([expect.objectContaining({ path: 'slug' })]);
    expect(await refusal({ slug: 'x', body: [{ type: 'paragraph' }] as never })).toEqual([{ path: 'body', message: expect.stringMatching(/^has a malformed block \(body\.0/) }]);
    expect(await refusal({ slug: 'x', body: '{not json' as never })).toEqual([{ path: 'body', message: 'could not be read: it is not the editor’s block JSON' }]);
    expect(await refusal({ slug: 'x', status: 'live' })).toEqual([{ path: 'status', message: 'must be draft or published' }]);
    expect((await services.pages.list(admin)).map((p) => p.slug)).toEqual(['about']);
    await db.close();
  });

  it('reserves every first path segment the app answers itself', async () => {
    const db = await createSqliteDatabase();
    const app = createApp({ services: db.services, config: adminTestConfig });
    const firstSegments = new Set(
      app.routes
        .map((r) => r.path.split('/')[1] ?? '')
        .filter((segment) => segment && !segment.startsWith(':') && segment !== '*')
        .map((segment) => segment.replace(/\.(xml|txt|json|webmanifest|ico|svg|png)$/, '').replace(/\*$/, '')),
    );
    expect(firstSegments.size).toBeGreaterThan(10);
    expect([...firstSegments].filter((s) => s && !RESERVED_PAGE_SLUGS.has(s))).toEqual([]);
    await db.close();
  });
});

describe('pages for readers', () => {
  const setup = async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    await seedNewsroom(services);
    const cache = new RenderCache();
    const app = createApp({ services, config: adminTestConfig, renderCache: cache });
    const editor = await signIn(app, services, 'editor');
    return { db, services, cache, app, editor };
  };

  it('shows a published page at /{slug} with its title, standfirst and body, cached and dropped by an edit; a draft is a 404', async () => {
    const { db, services, cache, app, editor } = await setup();
    const page = await services.pages.create(editor.actor, about);
    await services.pages.create(editor.actor, { ...about, slug: 'masthead', title: 'Masthead', status: 'draft' });

    const res = await app.request('/about');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>About us</h1>');
    expect(html).toContain('<p class="standfirst">Who we are.</p>');
    expect(html).toContain('<p>We report on the coast.</p>');
    expect(html).toContain('<title>About us | Test Gazette</title>');
    expect(html).toContain('<link rel="canonical" href="http://localhost/about"/>');
    expect(res.headers.get('surrogate-key')!.split(' ')).toContain(`page:${page.id}`);
    expect(cache.has('/about')).toBe(true);
    expect((await app.request('/masthead')).status).toBe(404);

    await services.pages.update(editor.actor, page.id, { ...about, title: 'About The Gazette' });
    await cache.settled();
    expect(cache.has('/about')).toBe(false);
    expect(await (await app.request('/about')).text()).toContain('<h1>About The Gazette</h1>');

    await services.pages.update(editor.actor, page.id, { ...about, status: 'draft' });
    await cache.settled();
    expect((await app.request('/about')).status).toBe(404);
    await db.close();
  });

  it('lists published pages in every page’s footer, and publishing one drops the cached pages that list them', async () => {
    const { db, services, cache, app, editor } = await setup();
    await services.pages.create(editor.actor, { ...about, slug: 'privacy', title: 'Privacy' });
    const home = await (await app.request('/')).text();
    expect(home).toContain('href="/privacy"');
    expect(home).not.toContain('href="/about"');
    expect(cache.has('/world')).toBe(false);
    await app.request('/world');
    expect(cache.has('/world')).toBe(true);

    // A body edit leaves the footer as it was, and the other pages in the cache.
    const privacy = (await services.pages.list(editor.actor))[0]!;
    await services.pages.update(editor.actor, privacy.id, { ...about, slug: 'privacy', title: 'Privacy', body: [b.p('New words.')] });
    await cache.settled();
    expect(cache.has('/world')).toBe(true);

    await services.pages.create(editor.actor, about);
    await cache.settled();
    expect(cache.has('/world')).toBe(false);
    const world = await (await app.request('/world')).text();
    expect(world).toContain('href="/about"');
    expect(world).toContain('href="/privacy"');
    await db.close();
  });

  it('puts published pages in the fronts sitemap', async () => {
    const { db, services, app, editor } = await setup();
    await services.pages.create(editor.actor, about);
    await services.pages.create(editor.actor, { ...about, slug: 'terms', title: 'Terms', status: 'draft' });
    const xml = await (await app.request('/sitemaps/fronts.xml')).text();
    expect(xml).toContain('<loc>http://localhost/about</loc>');
    expect(xml).not.toContain('/terms</loc>');
    await db.close();
  });

  it('lets a section created later with a page’s address win it, and says so in the newsroom', async () => {
    const { db, services, app, editor } = await setup();
    await services.pages.create(editor.actor, { ...about, slug: 'culture', title: 'Our culture' });
    expect(await (await app.request('/culture')).text()).toContain('<h1>Our culture</h1>');
    await services.taxonomy.upsertSection({ slug: 'culture', name: 'Culture' });
    const front = await (await app.request('/culture')).text();
    expect(front).not.toContain('<h1>Our culture</h1>');
    expect(front).toContain('Culture');
    const list = await (await adminGet(app, editor, '/admin/pages')).text();
    expect(list).toContain('Hidden: the section “Culture” has this address, and a section wins.');
    await db.close();
  });
});

describe('pages in the newsroom', () => {
  it('creates a page from the form, edits it, and deletes it; the sidebar links to Pages for editors only', async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    const app = createApp({ services, config: adminTestConfig });
    const editor = await signIn(app, services, 'editor');
    const writer = await signIn(app, services, 'writer');

    const list = await (await adminGet(app, editor, '/admin/pages')).text();
    expect(list).toContain('<a href="/admin/pages" aria-current="page">Pages</a>');
    expect(list).toContain('No pages yet');
    expect(await (await adminGet(app, writer, '/admin')).text()).not.toContain('href="/admin/pages"');
    expect((await adminGet(app, writer, '/admin/pages')).status).toBe(403);
    expect((await adminGet(app, writer, '/admin/pages/new')).status).toBe(403);

    const form = await (await adminGet(app, editor, '/admin/pages/new')).text();
    expect(form).toContain('id="article-form"');
    expect(form).toContain('id="f-body"');
    expect(form).toContain('id="body-editor"');
    expect(form).toContain('src="/static/admin/editor.js"');

    const body = JSON.stringify([b.p('Write to the newsroom.')]);
    const created = await adminPost(app, editor, '/admin/pages', { title: 'Contact', slug: 'contact', standfirst: 'How to reach us', body, status: 'published' });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/pages\/\d+\?done=created$/);
    const row = await services.database.db.selectFrom('pages').selectAll().where('slug', '=', 'contact').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Contact', standfirst: 'How to reach us', status: 'published', body });
    expect(await (await app.request('/contact')).text()).toContain('<p>Write to the newsroom.</p>');

    const edit = await (await adminGet(app, editor, location)).text();
    expect(edit).toContain('value="contact"');
    expect(edit).toContain('Created');
    const saved = await adminPost(app, editor, `/admin/pages/${row.id}`, { title: 'Contact us', slug: 'contact', standfirst: '', body, status: 'published' });
    expect(saved.status).toBe(303);
    expect((await services.pages.get(editor.actor, row.id)).title).toBe('Contact us');

    expect((await adminPost(app, writer, `/admin/pages/${row.id}/delete`)).status).toBe(403);
    const deleted = await adminPost(app, editor, `/admin/pages/${row.id}/delete`);
    expect(deleted.headers.get('location')).toBe('/admin/pages?done=deleted');
    expect((await app.request('/contact')).status).toBe(404);
    await db.close();
  });

  it('gives a refused page back with the typing kept and the problem on its field', async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    const app = createApp({ services, config: adminTestConfig });
    const editor = await signIn(app, services, 'editor');
    const body = JSON.stringify([b.p('Our newsletters and this site collect as little as they can.')]);
    const res = await adminPost(app, editor, '/admin/pages', { title: 'Privacy notice', slug: 'admin', standfirst: 'What we keep', body, status: 'published' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Address is one of the site’s own addresses; choose another');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="Privacy notice"');
    expect(html).toContain('What we keep</textarea>');
    expect(html).toContain('Our newsletters and this site collect as little as they can.');
    expect(await services.database.db.selectFrom('pages').selectAll().execute()).toEqual([]);
    await db.close();
  });
});

describe('the demo’s pages', () => {
  it('ships published About, Masthead, Contact, Privacy and Terms pages that readers reach and the footer lists', async () => {
    const db = await createSqliteDatabase();
    const { services } = db;
    await loadDemo(services.database.db, 'Europe/London');
    const links = await services.pages.publishedLinks();
    expect(links.map((l) => l.slug).sort()).toEqual(['about', 'contact', 'masthead', 'privacy', 'terms']);
    for (const { slug } of links) {
      expect(RESERVED_PAGE_SLUGS.has(slug)).toBe(false);
      expect(await services.pages.forReaders(slug)).toBeDefined();
    }
    const app = createApp({ services, config: { ...adminTestConfig, siteName: 'The Meridian' } });
    const html = await (await app.request('/masthead')).text();
    expect(html).toContain('<h1>Masthead</h1>');
    expect(html).toContain('Political editor: Harriet Vale');
    expect(html).toContain('href="/privacy"');
    await db.close();
  });
});
