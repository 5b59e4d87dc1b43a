import { beforeAll, expect, it } from 'vitest';
import { b } from '../src/content/blocks.js';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, seedNewsroom } from './support/fixtures.js';

/** Article rules over HTTP with real sessions: each refusal is a 403 and leaves the row as it was. */
describeEachDatabase('article rules over HTTP', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let contributor: SignedIn;
  let writer: SignedIn;
  let editor: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    app = createAdminTestApp(services);
    contributor = await signIn(app, services, 'contributor', { authorId: authors[0]!.id });
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
    editor = await signIn(app, services, 'editor');
  });
  const row = (id: number) => fixture().services.database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const create = (authors: string[]) => fixture().services.articles.create(articleInput({ authors }));
  const save = (id: number, version: number, headline: string) =>
    ({ headline, section: 'world', authors: 'ada-reporter', body: JSON.stringify([b.p('Text.')]), version, id });

  it('a contributor may not publish their own draft, nor edit someone else\'s', async () => {
    const own = await create(['ada-reporter']);
    const before = await row(own.id);
    const res = await adminPost(app, contributor, `/admin/articles/${own.id}/workflow`, { action: 'publish' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('A contributor may not do &quot;publish&quot; on this article');
    expect(await row(own.id)).toEqual(before);

    const other = await create(['ben-writer']);
    const otherBefore = await row(other.id);
    const { id: _id, ...fields } = save(other.id, other.version, 'Hijacked');
    expect((await adminPost(app, contributor, `/admin/articles/${other.id}`, fields)).status).toBe(403);
    expect(await row(other.id)).toEqual(otherBefore);
  });

  it('a writer publishes their own article but not someone else\'s', async () => {
    const own = await create(['ben-writer']);
    expect((await adminPost(app, writer, `/admin/articles/${own.id}/workflow`, { action: 'publish' })).status).toBe(303);
    expect((await row(own.id)).status).toBe('published');
    const other = await create(['ada-reporter']);
    expect((await adminPost(app, writer, `/admin/articles/${other.id}/workflow`, { action: 'publish' })).status).toBe(403);
    expect((await row(other.id)).status).toBe('draft');
  });

  it('an editor publishes and unpublishes anyone\'s', async () => {
    const a = await create(['ada-reporter']);
    expect((await adminPost(app, editor, `/admin/articles/${a.id}/workflow`, { action: 'publish' })).status).toBe(303);
    expect((await adminPost(app, editor, `/admin/articles/${a.id}/workflow`, { action: 'unpublish' })).status).toBe(303);
    expect((await row(a.id)).status).toBe('unpublished');
    expect(await (await adminGet(app, editor, `/admin/articles/${a.id}`)).text()).toContain('Unpublished');
  });
});
