import { beforeAll, expect, it } from 'vitest';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

/** The inline error under the input `id`, as a person reads it; undefined when the field shows none. */
const fieldError = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">(.*?)</p>`).exec(html)?.[1]?.replace(/<[^>]+>/g, '');
/** The toast a page shows after a redirect. */
const toastOn = (html: string) => /<p class="toast">(.*?)<\/p>/.exec(html)?.[1];

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
    expect(add.headers.get('location')).toBe('/admin/sections?done=created');
    expect(toastOn(await (await adminGet(app, editor, add.headers.get('location')!)).text())).toBe('Created');
    const row = await db().selectFrom('sections').selectAll().where('slug', '=', 'culture').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Culture & Ideas', description: 'Books, films.', position: 3 });
    expect(await (await adminGet(app, editor, '/admin/sections')).text()).toContain('Culture &amp; Ideas');

    const edit = await adminPost(app, editor, `/admin/sections/${row.id}`, { name: 'Culture', description: 'Arts.', position: 4 });
    expect(edit.headers.get('location')).toBe('/admin/sections?done=saved');
    expect(await db().selectFrom('sections').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ name: 'Culture', description: 'Arts.', position: 4 });
  });

  it('names the problem and keeps the typing when a section is invalid or its slug taken', async () => {
    const taken = await adminPost(app, editor, '/admin/sections', { name: 'Another world', slug: 'world' });
    expect(taken.status).toBe(409);
    const html = await taken.text();
    expect(fieldError(html, 'section-slug')).toBe('Error: The section slug &quot;world&quot; is already taken');
    expect(html).toMatch(/<input id="section-slug" name="slug" type="text" value="world" aria-invalid="true"/);
    expect(html).toContain('value="Another world"');
    const bad = await adminPost(app, editor, '/admin/sections', { name: '', slug: 'admin', description: 'Kept as typed' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(fieldError(badHtml, 'section-slug')).toBe('Error: Slug is reserved for a site page');
    expect(fieldError(badHtml, 'section-name')).toBe('Error: Name is required');
    expect(fieldError(badHtml, 'section-description')).toBeUndefined();
    expect(badHtml).toContain('<a href="#section-slug">Slug is reserved for a site page</a>');
    expect(badHtml).toContain('>Kept as typed</textarea>');
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
    const badPhotoHtml = await badPhoto.text();
    expect(fieldError(badPhotoHtml, 'author-photo')).toMatch(/^Error: Photo URL must be a web address/);
    expect(badPhotoHtml).toContain('value="javascript:alert(1)"');
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
    expect(merge.headers.get('location')).toBe('/admin/topics?done=merged');
    expect(toastOn(await (await adminGet(app, editor, merge.headers.get('location')!)).text())).toBe('Merged: the articles moved, and the old topic&#39;s address now redirects');
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
    const selfHtml = await self.text();
    expect(fieldError(selfHtml, 'merge-into')).toBe('Error: Into this topic (kept) must be a different topic');
    // The refused merge opens its confirmation with both choices kept.
    expect(selfHtml).toMatch(/<details class="confirm" open=""><summary[^>]*>Merge topics…/);
    expect(selfHtml.match(new RegExp(`<option value="${kept!.id}" selected=""`, 'g'))).toHaveLength(2);
  });

  it('adds and edits print issues', async () => {
    expect((await adminPost(app, editor, '/admin/print-issues', { number: 43, date: '2026-01-16', title: 'Cold front' })).status).toBe(303);
    const row = await db().selectFrom('print_issues').selectAll().where('number', '=', 43).executeTakeFirstOrThrow();
    expect((await adminPost(app, editor, `/admin/print-issues/${row.id}`, { number: 43, date: '2026-01-17', title: 'Cold front, revised' })).status).toBe(303);
    expect(await db().selectFrom('print_issues').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({ issue_date: '2026-01-17', title: 'Cold front, revised' });
    const dup = await adminPost(app, editor, '/admin/print-issues', { number: 42, date: '2026-01-01' });
    expect(dup.status).toBe(409);
    expect(fieldError(await dup.text(), 'issue-number')).toBe('Error: Print issue number 42 is already taken');
    const badDate = await adminPost(app, editor, '/admin/print-issues', { number: 44, date: '16/01/2026', title: 'Thaw' });
    const badDateHtml = await badDate.text();
    expect(fieldError(badDateHtml, 'issue-date')).toBe('Error: Date must be a date like 2026-01-30');
    expect(badDateHtml).toContain('value="Thaw"');
  });

  it('sorts a list by the column header a person follows, and says when nothing waits for review', async () => {
    await adminPost(app, editor, '/admin/sections', { name: 'Arts', slug: 'arts', position: 9 });
    const names = async (path: string) => [...(await (await adminGet(app, editor, path)).text()).matchAll(/<td><a href="\/admin\/sections\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    const byName = await names('/admin/sections?sort=name&dir=asc');
    expect(byName).toEqual([...byName].sort((a, b) => a!.localeCompare(b!)));
    expect(await names('/admin/sections?sort=name&dir=desc')).toEqual([...byName].reverse());
    expect((await names('/admin/sections?sort=position&dir=desc'))[0]).toBe('Arts');
    const page = await (await adminGet(app, editor, '/admin/sections?sort=name&dir=desc')).text();
    expect(page).toMatch(/<th scope="col" aria-sort="descending"><a href="\/admin\/sections\?sort=name&amp;dir=asc"/);
    expect(await (await adminGet(app, editor, '/admin/topics')).text()).toContain('No topics are waiting for review');
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
