import { beforeAll, expect, it } from 'vitest';
import type { Article } from '../src/content/article-store.js';
import { b } from '../src/content/blocks.js';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase, type TestDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsroom } from './support/fixtures.js';

/** Reads what a refused request must have left alone: the article row, its byline, how many articles there are. */
function rowReaders(fixture: () => TestDatabase) {
  const db = () => fixture().services.database.db;
  return {
    row: (id: number) => db().selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    bylines: async (id: number) =>
      (await fixture().services.articles.get(id))!.authors.map((a) => a.slug),
    articleCount: () => fixture().services.articles.count(),
  };
}

/** Article rules over HTTP with real sessions: each refusal is a 403 and leaves the row as it was. */
/** The small newsroom with a contributor (Ada's profile), a writer (Ben's) and an editor signed in. */
async function signedInNewsroom(services: TestDatabase['services']) {
  const { authors } = await seedNewsroom(services);
  const app = createAdminTestApp(services);
  return {
    app,
    contributor: await signIn(app, services, 'contributor', { authorId: authors[0]!.id }),
    writer: await signIn(app, services, 'writer', { authorId: authors[1]!.id }),
    editor: await signIn(app, services, 'editor'),
  };
}

describeEachDatabase('article rules over HTTP', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let contributor: SignedIn;
  let writer: SignedIn;
  let editor: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    ({ app, contributor, writer, editor } = await signedInNewsroom(services));
  });
  const { row } = rowReaders(fixture);
  const create = (authors: string[]) => fixture().services.articles.create(articleInput({ authors }));
  const save = (id: number, version: number, headline: string) =>
    ({ headline, section: 'world', authors: 'ada-reporter', body: JSON.stringify([b.p('Text.')]), version, id });

  it('a contributor may not publish their own draft, nor edit someone else\'s, which is not there for them', async () => {
    const own = await create(['ada-reporter']);
    const before = await row(own.id);
    const res = await adminPost(app, contributor, `/admin/articles/${own.id}/workflow`, { action: 'publish' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('A contributor may not do &quot;publish&quot; on this article');
    expect(await row(own.id)).toEqual(before);

    const other = await create(['ben-writer']);
    const otherBefore = await row(other.id);
    const { id: _id, ...fields } = save(other.id, other.version, 'Hijacked');
    expect((await adminPost(app, contributor, `/admin/articles/${other.id}`, fields)).status).toBe(404);
    expect(await row(other.id)).toEqual(otherBefore);
  });

  it('a writer publishes their own article but not someone else\'s, and may not unpublish a colleague\'s', async () => {
    const own = await create(['ben-writer']);
    expect((await adminPost(app, writer, `/admin/articles/${own.id}/workflow`, { action: 'publish' })).status).toBe(303);
    expect((await row(own.id)).status).toBe('published');
    const other = await create(['ada-reporter']);
    // A colleague's draft is not among what a writer sees: it answers as if it did not exist.
    expect((await adminPost(app, writer, `/admin/articles/${other.id}/workflow`, { action: 'publish' })).status).toBe(404);
    expect((await row(other.id)).status).toBe('draft');
    const live = await publishedArticle(fixture().services, { authors: ['ada-reporter'] });
    const refused = await adminPost(app, writer, `/admin/articles/${live.id}/workflow`, { action: 'unpublish' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('A writer may not do &quot;unpublish&quot; on this article');
    expect((await row(live.id)).status).toBe('published');
  });

  it('an editor publishes and unpublishes anyone\'s', async () => {
    const a = await create(['ada-reporter']);
    expect((await adminPost(app, editor, `/admin/articles/${a.id}/workflow`, { action: 'publish' })).status).toBe(303);
    expect((await adminPost(app, editor, `/admin/articles/${a.id}/workflow`, { action: 'unpublish' })).status).toBe(303);
    expect((await row(a.id)).status).toBe('unpublished');
    expect(await (await adminGet(app, editor, `/admin/articles/${a.id}`)).text()).toContain('Unpublished');
  });
});

/** Field-level rules (item 2 and 3 of the hardening issue): sponsor, print issue and other people's bylines belong to the desk. */
describeEachDatabase('article fields only the desk may change, over HTTP', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let contributor: SignedIn;
  let writer: SignedIn;
  let editor: SignedIn;
  let unlinkedWriter: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    ({ app, contributor, writer, editor } = await signedInNewsroom(services));
    await services.taxonomy.upsertAuthor({ slug: 'cal-colleague', name: 'Cal Colleague', bio: '' });
    unlinkedWriter = await signIn(app, services, 'writer');
  });
  const { row, bylines, articleCount } = rowReaders(fixture);
  /** The article form as the browser posts it: sponsor and print issue are left out when disabled. */
  const form = (a: { version: number }, fields: Record<string, string> = {}) => ({
    headline: 'A headline',
    standfirst: '',
    section: 'world',
    authors: 'ben-writer',
    topics: '',
    body: JSON.stringify([b.p('Text.')]),
    version: a.version,
    ...fields,
  });

  it('refuses a writer setting a sponsor or a print issue with 403, and changes nothing', async () => {
    const own = await fixture().services.articles.create(articleInput({ authors: ['ben-writer'] }));
    const before = await row(own.id);
    const sponsored = await adminPost(app, writer, `/admin/articles/${own.id}`, form(own, { sponsor: 'Acme Oil' }));
    expect(sponsored.status).toBe(403);
    expect(await sponsored.text()).toContain('A writer may not set or change the sponsor');
    const issued = await adminPost(app, writer, `/admin/articles/${own.id}`, form(own, { printIssue: '42' }));
    expect(issued.status).toBe(403);
    expect(await issued.text()).toContain('A writer may not set or change the print issue');
    const autosaved = await app.request(`/admin/articles/${own.id}/autosave`, {
      method: 'POST',
      body: JSON.stringify({ version: own.version, fields: { sponsor: 'Acme Oil' } }),
      headers: { cookie: writer.cookie, origin: 'http://localhost', 'content-type': 'application/json', 'x-csrf-token': writer.csrfToken },
    });
    expect(autosaved.status).toBe(403);
    expect(await row(own.id)).toEqual(before);

    const created = await adminPost(app, contributor, '/admin/articles', { ...form({ version: 1 }, { authors: '', printIssue: '42' }) });
    expect(created.status).toBe(403);
  });

  it("lets a writer save other fields of an article an editor sponsored, and hides the desk's fields from them", async () => {
    const { services } = fixture();
    const own = await services.articles.create(articleInput({ authors: ['ben-writer'], sponsor: 'Rail Co', printIssue: 42 }));
    const html = await (await adminGet(app, writer, `/admin/articles/${own.id}`)).text();
    expect(html).toMatch(/<input id="f-sponsor" name="sponsor" type="text" value="Rail Co"[^>]*\sdisabled/);
    expect(html).toMatch(/<input id="f-printIssue" name="printIssue" type="text" value="42"[^>]*\sdisabled/);
    expect(await (await adminGet(app, editor, `/admin/articles/${own.id}`)).text()).not.toMatch(/id="f-sponsor"[^>]*\sdisabled/);

    expect((await adminPost(app, writer, `/admin/articles/${own.id}`, form(own, { headline: 'Rewritten by the writer' }))).status).toBe(303);
    // Sending the stored values back unchanged is no change either.
    const saved = (await services.articles.get(own.id))!;
    expect((await adminPost(app, writer, `/admin/articles/${own.id}`, form(saved, { sponsor: 'Rail Co', printIssue: '42' }))).status).toBe(303);
    expect(await row(own.id)).toMatchObject({ headline: 'A headline', sponsor: 'Rail Co', print_issue_id: own.printIssue!.id });
    // A refused save shows the form again with the stored sponsor, not the blank a disabled field posts.
    const refused = await adminPost(app, writer, `/admin/articles/${own.id}`, form((await services.articles.get(own.id))!, { authors: 'ben-writer, ada-reporter' }));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/<input id="f-sponsor" name="sponsor" type="text" value="Rail Co"[^>]*\sdisabled/);

    const current = (await services.articles.get(own.id))!;
    expect((await adminPost(app, editor, `/admin/articles/${own.id}`, form(current, { sponsor: 'Harbour Trust', printIssue: '' }))).status).toBe(303);
    expect(await row(own.id)).toMatchObject({ sponsor: 'Harbour Trust', print_issue_id: null });
  });

  it("refuses a writer dropping a colleague from a shared published article's byline", async () => {
    const shared = await publishedArticle(fixture().services, { authors: ['cal-colleague', 'ben-writer'] });
    const res = await adminPost(app, writer, `/admin/articles/${shared.id}`, form(shared, { authors: 'ben-writer' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('may add or remove only their own byline');
    expect(await bylines(shared.id)).toEqual(['cal-colleague', 'ben-writer']);
    // Adding someone is the desk's call too; reordering the same names is not a change of who wrote it.
    expect((await adminPost(app, writer, `/admin/articles/${shared.id}`, form(shared, { authors: 'cal-colleague, ben-writer, ada-reporter' }))).status).toBe(403);
    expect((await adminPost(app, writer, `/admin/articles/${shared.id}`, form(shared, { authors: 'ben-writer, cal-colleague' }))).status).toBe(303);
    const reordered = (await fixture().services.articles.get(shared.id))!;
    expect((await adminPost(app, editor, `/admin/articles/${shared.id}`, form(reordered, { authors: 'ben-writer' }))).status).toBe(303);
    expect(await bylines(shared.id)).toEqual(['ben-writer']);
  });

  it("refuses a contributor's draft under someone else's name, and an account with no author profile any draft", async () => {
    const before = await articleCount();
    const forged = await adminPost(app, contributor, '/admin/articles', form({ version: 1 }, { authors: 'cal-colleague', headline: 'Typed under a <false> name' }));
    expect(forged.status).toBe(403);
    // The refusal comes back in the form, with the reason and the typing kept.
    const page = await forged.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('A contributor may add or remove only their own byline');
    expect(page).toContain('value="Typed under a &lt;false&gt; name"');
    expect((await adminPost(app, contributor, '/admin/articles', form({ version: 1 }, { authors: 'ada-reporter, cal-colleague' }))).status).toBe(403);
    const unlinked = await adminPost(app, unlinkedWriter, '/admin/articles', form({ version: 1 }, { authors: '' }));
    expect(unlinked.status).toBe(403);
    expect(await unlinked.text()).toContain('has no author profile');
    expect(await articleCount()).toBe(before);

    const own = await adminPost(app, contributor, '/admin/articles', form({ version: 1 }, { authors: '', headline: 'My own draft' }));
    expect(own.status).toBe(303);
    expect(await bylines(Number(own.headers.get('location')!.split('/').at(-1)))).toEqual(['ada-reporter']);
  });
});

/** Who sees what (item 10): contributors their own, writers their own and what is published, the desk everything. */
describeEachDatabase('who sees which articles in the newsroom', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let contributor: SignedIn;
  let writer: SignedIn;
  let editor: SignedIn;
  const made: Record<string, Article> = {};
  beforeAll(async () => {
    const { services } = fixture();
    ({ app, contributor, writer, editor } = await signedInNewsroom(services));
    const { articles } = services;
    const embargo = { status: 'scheduled' as const, scheduledFor: '2099-01-01T09:00:00.000Z' };
    made.adaDraft = await articles.create(articleInput({ headline: 'Visibility ada draft', authors: ['ada-reporter'] }));
    made.adaEmbargo = await articles.create(articleInput({ headline: 'Visibility ada embargo', authors: ['ada-reporter'] }), embargo);
    made.benDraft = await articles.create(articleInput({ headline: 'Visibility ben draft', authors: ['ben-writer'] }));
    made.benEmbargo = await articles.create(articleInput({ headline: 'Visibility ben embargo', authors: ['ben-writer'] }), embargo);
    made.benLive = await publishedArticle(services, { headline: 'Visibility ben live', authors: ['ben-writer'] });
    made.benPulled = await articles.create(articleInput({ headline: 'Visibility ben pulled', authors: ['ben-writer'] }), { status: 'unpublished' });
    made.nobodyDraft = await articles.create(articleInput({ headline: 'Visibility bylineless draft', authors: [] }));
    // A published save leaves revisions, so the revisions and diff pages have something to refuse.
    made.benLive = await articles.update(made.benLive.id, { standfirst: 'Second version.' });
  });

  const listed = async (who: SignedIn) => {
    const html = await (await adminGet(app, who, '/admin/articles?q=Visibility')).text();
    return Object.entries(made)
      .filter(([, a]) => html.includes(`>${a.headline}</a>`))
      .map(([key]) => key)
      .sort();
  };
  const pagesOf = (a: Article) => [
    `/admin/articles/${a.id}`,
    `/admin/articles/${a.id}/preview`,
    `/admin/articles/${a.id}/revisions`,
    `/admin/articles/${a.id}/revisions?from=${a.version - 1}&to=${a.version}`,
  ];

  it('lists only what each role may see', async () => {
    expect(await listed(contributor)).toEqual(['adaDraft', 'adaEmbargo']);
    expect(await listed(writer)).toEqual(['benDraft', 'benEmbargo', 'benLive', 'benPulled']);
    expect(await listed(editor)).toEqual(Object.keys(made).sort());
  });

  it("answers 404 to a contributor's every page of someone else's work, and to a writer's of a colleague's unpublished work", async () => {
    for (const key of ['benDraft', 'benEmbargo', 'benLive', 'nobodyDraft']) {
      for (const path of pagesOf(made[key]!)) expect((await adminGet(app, contributor, path)).status, `${key} ${path}`).toBe(404);
    }
    for (const key of ['adaDraft', 'adaEmbargo', 'nobodyDraft']) {
      for (const path of pagesOf(made[key]!).slice(0, 3)) expect((await adminGet(app, writer, path)).status, `${key} ${path}`).toBe(404);
    }
    const autosave = await app.request(`/admin/articles/${made.benDraft!.id}/autosave`, {
      method: 'POST',
      body: JSON.stringify({ version: made.benDraft!.version, fields: { standfirst: 'Peeking' } }),
      headers: { cookie: contributor.cookie, origin: 'http://localhost', 'content-type': 'application/json', 'x-csrf-token': contributor.csrfToken },
    });
    expect(autosave.status).toBe(404);
    const publish = await adminPost(app, writer, `/admin/articles/${made.adaEmbargo!.id}/workflow`, { action: 'publish' });
    expect(publish.status).toBe(404);
    expect((await fixture().services.articles.get(made.adaEmbargo!.id))?.status).toBe('scheduled');
    expect(await (await adminGet(app, contributor, `/admin/articles/${made.benEmbargo!.id}/preview`)).text()).not.toContain('Visibility ben embargo');
  });

  it('shows a writer published work of colleagues, and their own in any state; the desk sees everything', async () => {
    const adaLive = await publishedArticle(fixture().services, { headline: 'Visibility ada live', authors: ['ada-reporter'] });
    for (const path of pagesOf(adaLive).slice(0, 3)) expect((await adminGet(app, writer, path)).status, path).toBe(200);
    for (const path of pagesOf(made.benEmbargo!).slice(0, 3)) expect((await adminGet(app, writer, path)).status, path).toBe(200);
    for (const path of pagesOf(made.adaEmbargo!).slice(0, 3)) expect((await adminGet(app, contributor, path)).status, path).toBe(200);
    for (const path of pagesOf(made.benLive!)) expect((await adminGet(app, editor, path)).status, path).toBe(200);
  });
});

/** The list's search text is text: % and _ match themselves (item 15). */
describeEachDatabase('the admin article filter', (fixture) => {
  it('treats % and _ in the search text as plain characters', async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    const app = createAdminTestApp(services);
    const editor = await signIn(app, services, 'editor');
    for (const headline of ['Rents up 50% in a year', 'Rents up 500 pounds', 'Rents of flat_4 rise', 'Rents of flat 4 rise']) await services.articles.create(articleInput({ headline }));
    const search = async (q: string) => {
      const html = await (await adminGet(app, editor, `/admin/articles?q=${encodeURIComponent(q)}`)).text();
      return [...html.matchAll(/>(Rents[^<]*)<\/a>/g)].map((m) => m[1]).sort();
    };
    expect(await search('50%')).toEqual(['Rents up 50% in a year']);
    expect(await search('flat_4')).toEqual(['Rents of flat_4 rise']);
    expect(await search('%')).toEqual(['Rents up 50% in a year']);
    expect(await search('rents OF')).toEqual(['Rents of flat 4 rise', 'Rents of flat_4 rise']);
  });
});
