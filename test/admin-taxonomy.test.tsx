import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('desk management pages', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer');
  });
  const db = () => fixture().services.database.db;

  it('adds and edits a section', async () => {
    const add = await adminPost(app, editor, '/admin/sections', { name: 'Culture & Ideas', slug: 'culture', description: 'Books, films.', position: 3 });
    expect(add.status).toBe(303);
    const row = await db().selectFrom('sections').selectAll().where('slug', '=', 'culture').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Culture & Ideas', description: 'Books, films.', position: 3 });
    expect(await (await adminGet(app, editor, '/admin/sections')).text()).toContain('Culture &amp; Ideas');

    expect((await adminPost(app, editor, `/admin/sections/${row.id}`, { name: 'Culture', description: 'Arts.', position: 4 })).status).toBe(303);
    expect(await db().selectFrom('sections').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ name: 'Culture', description: 'Arts.', position: 4 });
  });

  it('names the problem and keeps the typing when a section is invalid or its slug taken', async () => {
    const taken = await adminPost(app, editor, '/admin/sections', { name: 'Another world', slug: 'world' });
    expect(taken.status).toBe(409);
    const html = await taken.text();
    expect(html).toContain('The section slug &quot;world&quot; is already taken');
    expect(html).toContain('value="Another world"');
    const bad = await adminPost(app, editor, '/admin/sections', { name: '', slug: 'admin' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/slug: is reserved for a site page/);
    expect(await db().selectFrom('sections').select('id').where('slug', '=', 'admin').executeTakeFirst()).toBeUndefined();
  });

  it('adds and edits an author with bio, photo URL and slug, escaping what it shows', async () => {
    expect((await adminPost(app, editor, '/admin/authors', { name: 'Zoë <script>', bio: 'Reports from Kyiv.', photoUrl: 'https://img.example/zoe.jpg' })).status).toBe(303);
    const row = await db().selectFrom('authors').selectAll().where('name', '=', 'Zoë <script>').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slug: 'zoe-script', bio: 'Reports from Kyiv.', photo_url: 'https://img.example/zoe.jpg' });
    expect(await (await adminGet(app, editor, '/admin/authors')).text()).toContain('Zoë &lt;script&gt;');
    expect((await adminPost(app, editor, `/admin/authors/${row.id}`, { name: 'Zoë Field', slug: 'zoe-field', bio: '', photoUrl: '' })).status).toBe(303);
    expect(await db().selectFrom('authors').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ name: 'Zoë Field', slug: 'zoe-field', bio: '', photo_url: null });
    const badPhoto = await adminPost(app, editor, `/admin/authors/${row.id}`, { name: 'Zoë Field', photoUrl: 'javascript:alert(1)' });
    expect(badPhoto.status).toBe(422);
    expect(await badPhoto.text()).toContain('photoUrl: must be a web address');
  });

  it('adds, renames and merges topics: articles move, the old slug redirects', async () => {
    const { services } = fixture();
    await adminPost(app, editor, '/admin/topics', { name: 'Ukraine war' });
    await adminPost(app, editor, '/admin/topics', { name: 'War in Ukraine', slug: 'war-in-ukraine' });
    const [kept, gone] = await Promise.all(['ukraine-war', 'war-in-ukraine'].map((slug) => db().selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow()));
    expect((await adminPost(app, editor, `/admin/topics/${kept!.id}`, { name: 'The war in Ukraine' })).status).toBe(303);
    const both = await publishedArticle(services, { topics: ['war-in-ukraine', 'ukraine-war'] });
    const onlyOld = await publishedArticle(services, { topics: ['russia', 'war-in-ukraine'] });

    // Readers have the old topic page cached; the merge must not leave them on it.
    for (let i = 0; i < 2; i++) expect((await app.request('/topic/war-in-ukraine')).status).toBe(200);
    const merge = await adminPost(app, editor, '/admin/topics/merge', { from: gone!.id, into: kept!.id });
    expect(merge.status).toBe(303);
    expect(await (await adminGet(app, editor, merge.headers.get('location')!)).text()).toContain('Merged: 2 article(s) moved');
    expect(await db().selectFrom('topics').select('id').where('id', '=', gone!.id).executeTakeFirst()).toBeUndefined();
    expect((await services.articles.get(both.id))!.topics.map((t) => t.slug)).toEqual(['ukraine-war']);
    expect((await services.articles.get(onlyOld.id))!.topics.map((t) => t.slug)).toEqual(['russia', 'ukraine-war']);

    const keptPage = await (await app.request('/topic/ukraine-war')).text();
    expect(keptPage).toContain(onlyOld.headline);
    expect(keptPage).toContain(both.headline);
    const old = await app.request('/topic/war-in-ukraine');
    expect(old.status).toBe(301);
    expect(old.headers.get('location')).toBe('/topic/ukraine-war');
    expect((await app.request('/topic/war-in-ukraine/feed')).headers.get('location')).toBe('/topic/ukraine-war/feed');

    const self = await adminPost(app, editor, '/admin/topics/merge', { from: kept!.id, into: kept!.id });
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('into: must be a different topic');
  });

  it('adds and edits print issues', async () => {
    expect((await adminPost(app, editor, '/admin/print-issues', { number: 43, date: '2026-01-16', title: 'Cold front' })).status).toBe(303);
    const row = await db().selectFrom('print_issues').selectAll().where('number', '=', 43).executeTakeFirstOrThrow();
    expect((await adminPost(app, editor, `/admin/print-issues/${row.id}`, { number: 43, date: '2026-01-17', title: 'Cold front, revised' })).status).toBe(303);
    expect(await db().selectFrom('print_issues').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ issue_date: '2026-01-17', title: 'Cold front, revised' });
    const dup = await adminPost(app, editor, '/admin/print-issues', { number: 42, date: '2026-01-01' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('Print issue number 42 is already taken');
    const badDate = await adminPost(app, editor, '/admin/print-issues', { number: 44, date: '16/01/2026' });
    expect(await badDate.text()).toContain('date: must be a date like 2026-01-30');
  });

  it('refuses a desk form without the CSRF token, changing nothing', async () => {
    const res = await adminPost(app, editor, '/admin/topics', { name: 'Forged topic' }, '');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Nothing was changed');
    expect(await db().selectFrom('topics').select('id').where('slug', '=', 'forged-topic').executeTakeFirst()).toBeUndefined();
  });

  it('refuses writers every desk page and change with 403, changing nothing', async () => {
    for (const path of ['/admin/sections', '/admin/authors', '/admin/topics', '/admin/print-issues']) {
      const res = await adminGet(app, writer, path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('A writer may not do this: it needs the editor role');
    }
    const world = await db().selectFrom('sections').selectAll().where('slug', '=', 'world').executeTakeFirstOrThrow();
    const author = await db().selectFrom('authors').selectAll().where('slug', '=', 'ada-reporter').executeTakeFirstOrThrow();
    const topics = await db().selectFrom('topics').selectAll().orderBy('id').execute();
    const issue = await db().selectFrom('print_issues').selectAll().where('number', '=', 42).executeTakeFirstOrThrow();
    const attempts: Array<[string, Record<string, string | number>]> = [
      ['/admin/sections', { name: 'Sneaky', slug: 'sneaky' }],
      [`/admin/sections/${world.id}`, { name: 'Renamed' }],
      ['/admin/authors', { name: 'Sneaky Author' }],
      [`/admin/authors/${author.id}`, { name: 'Renamed', slug: 'renamed' }],
      ['/admin/topics', { name: 'Sneaky topic' }],
      [`/admin/topics/${topics[0]!.id}`, { name: 'Renamed' }],
      ['/admin/topics/merge', { from: topics[0]!.id, into: topics[1]!.id }],
      ['/admin/print-issues', { number: 99, date: '2026-02-02' }],
      [`/admin/print-issues/${issue.id}`, { number: 42, date: '2026-02-02', title: 'Renamed' }],
    ];
    for (const [path, fields] of attempts) expect((await adminPost(app, writer, path, fields)).status, path).toBe(403);
    expect(await db().selectFrom('sections').selectAll().where('slug', 'in', ['world', 'sneaky']).execute()).toEqual([world]);
    expect(await db().selectFrom('authors').selectAll().where('id', '=', author.id).executeTakeFirst()).toEqual(author);
    expect(await db().selectFrom('authors').select('id').where('name', '=', 'Sneaky Author').executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('topics').selectAll().orderBy('id').execute()).toEqual(topics);
    expect(await db().selectFrom('print_issues').selectAll().where('number', 'in', [42, 99]).execute()).toEqual([issue]);
  });
});
