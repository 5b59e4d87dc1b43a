import { HtmlValidate } from 'html-validate';
import { beforeAll, expect, it } from 'vitest';
import { topics as demoTopics } from '../src/demo/content/catalogue.js';
import { ForbiddenError } from '../src/errors.js';
import { suggestTopics } from '../src/topics/suggest.js';
import { createApp } from '../src/app.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { adminGet, adminPost, adminTestConfig, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { seedNewsroom } from './support/fixtures.js';
import { seedParts, seedText } from './support/seed.js';

const seed = seedParts();

describeEachDatabase('topic review', (fixture) => {
  let app: ReturnType<typeof createApp>;
  const cache = new RenderCache();
  let editor: SignedIn;
  let writer: SignedIn;
  let articleId: number;
  let articlePath: string;
  const db = () => fixture().services.database.db;
  const topic = (slug: string) => db().selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
  const topicsOf = async (id: number) => (await fixture().services.articles.get(id))!.topics;
  const status = async (path: string) => (await app.request(path)).status;

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    // The demo newsroom's topics, "European Union" (alias "EU") among them, as `broadsheet demo` makes them.
    for (const t of demoTopics) await services.taxonomy.upsertTopic(t);
    app = createApp({ services, config: adminTestConfig, renderCache: cache });
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer');
    // Topic suggestion reads within a time budget: its library's first use is paid here, outside it.
    suggestTopics({ headline: 'Warming up in Minsk', paragraphs: ['Alexander Lukashenko met the EU.'] });
    const summary = await services.imports.importDocuments([{ name: 'article.txt', content: seedText }]);
    articleId = summary.articles[0]!.id;
    articlePath = summary.articles[0]!.path;
  });

  it('attaches the seed’s suggestions to existing topics by name, slug or alias, and proposes the rest without a public page', async () => {
    const slugs = (await topicsOf(articleId)).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['russia', 'kazakhstan', 'european-union', 'vladimir-putin']));
    expect(await topic('eu')).toBeUndefined();
    expect(await topic('european-union')).toMatchObject({ reviewed: 1 });
    expect(await topic('vladimir-putin')).toMatchObject({ reviewed: 0 });

    for (const path of ['/topic/vladimir-putin', '/topic/vladimir-putin/feed', '/topic/eu']) expect(await status(path), path).toBe(404);
    expect(await status('/topic/european-union')).toBe(200);
    const sitemap = await (await app.request('/sitemaps/fronts.xml')).text();
    expect(sitemap).toContain('/topic/european-union');
    expect(sitemap).not.toContain('/topic/vladimir-putin');

    // `broadsheet topics suggest` names the topic too, among the newsroom's own.
    const suggested = await fixture().services.topicSuggestions.forArticle(articlePath);
    expect(suggested.find((s) => s.slug === 'european-union')).toMatchObject({ name: 'European Union', existing: true });
    expect(suggested.map((s) => s.slug)).not.toContain('eu');
  });

  it('shows proposals to editors, and an accepted one gets its page, its sitemap entry and its tag on cached article pages', async () => {
    const { services } = fixture();
    // An editor tags the article with the proposal before anyone reviewed the topic itself.
    await services.articles.update(articleId, { topics: ['russia', 'vladimir-putin'] });
    const before = await (await app.request(articlePath)).text();
    expect(before).toContain('href="/topic/russia"');
    expect(before).not.toContain('href="/topic/vladimir-putin"');
    expect(cache.has(articlePath)).toBe(true);

    const desk = await (await adminGet(app, editor, '/admin/topics')).text();
    const proposals = desk.slice(desk.indexOf('Proposed topics'));
    expect(proposals).toContain('Vladimir Putin');
    expect(proposals).toMatch(/<button[^>]*>Accept<\/button>/);
    expect(proposals).toMatch(/<button[^>]*>Reject<\/button>/);
    const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(desk);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);

    const putin = (await topic('vladimir-putin'))!;
    const accept = await adminPost(app, editor, `/admin/topics/${putin.id}/accept`);
    expect(accept.status).toBe(303);
    expect(await (await adminGet(app, editor, accept.headers.get('location')!)).text()).toContain('<p class="toast">Accepted: the topic now has its public page');
    expect(await topic('vladimir-putin')).toMatchObject({ reviewed: 1 });
    expect(await (await app.request(articlePath)).text()).toContain('href="/topic/vladimir-putin"');
    const page = await app.request('/topic/vladimir-putin');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(seed.headline);
    expect(await (await app.request('/sitemaps/fronts.xml')).text()).toContain('/topic/vladimir-putin');
  });

  it('merges a proposal into a topic: its articles move, its name becomes an alias that the next import attaches to', async () => {
    const { services } = fixture();
    expect((await adminPost(app, editor, '/admin/topics', { name: 'Aleksandr Lukashenko' })).status).toBe(303);
    const kept = (await topic('aleksandr-lukashenko'))!;
    const proposal = (await topic('alexander-lukashenko'))!;
    expect(proposal.reviewed).toBe(0);

    const merge = await adminPost(app, editor, `/admin/topics/${proposal.id}/merge`, { into: kept.id });
    expect(merge.status).toBe(303);
    expect(await topic('alexander-lukashenko')).toBeUndefined();
    expect((await topicsOf(articleId)).map((t) => t.slug)).toContain('aleksandr-lukashenko');
    const aliases = await db().selectFrom('topic_aliases').select(['topic_id', 'name']).execute();
    expect(aliases).toContainEqual({ topic_id: kept.id, name: 'Alexander Lukashenko' });

    const again = await services.imports.importDocuments([{ name: 'article.txt', content: seedText.replace(seed.headline, 'Minsk looks east') }]);
    expect((await topicsOf(again.articles[0]!.id)).map((t) => t.slug)).toContain('aleksandr-lukashenko');
    expect(await topic('alexander-lukashenko')).toBeUndefined();
  });

  it('rejects a proposal: it and its suggestions are gone', async () => {
    const belarus = (await topic('belarus'))!;
    expect(belarus.reviewed).toBe(0);
    expect((await topicsOf(articleId)).map((t) => t.slug)).toContain('belarus');
    expect((await adminPost(app, editor, `/admin/topics/${belarus.id}/reject`)).status).toBe(303);
    expect(await topic('belarus')).toBeUndefined();
    expect((await topicsOf(articleId)).map((t) => t.slug)).not.toContain('belarus');
  });

  it('lets editors add and remove aliases; an import matches them, whatever the case and accents', async () => {
    const { services } = fixture();
    const putin = (await topic('vladimir-putin'))!;
    expect((await adminPost(app, editor, `/admin/topics/${putin.id}/aliases`, { alias: 'Putin' })).status).toBe(303);
    const edit = await (await adminGet(app, editor, `/admin/topics/${putin.id}`)).text();
    // Removing asks first: the alias's row holds a disclosure whose form names it.
    expect(edit).toMatch(/<td>Putin<\/td><td><details class="confirm"><summary[^>]*>Remove…<\/summary><form method="post" action="\/admin\/topics\/\d+\/aliases\/\d+\/delete"[^>]*>.*?Remove the alias “Putin”\?/);
    const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(edit);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);

    const page = seedText.replace(seed.headline, 'A second look at the neighbours').replace(/Topics in this article:.*$/m, 'Topics in this article: PUTIN, E.U., Élections, Armenia');
    const summary = await services.imports.importDocuments([{ name: 'second.txt', content: page }]);
    const topics = await topicsOf(summary.articles[0]!.id);
    expect(topics.map((t) => t.slug)).toEqual(['vladimir-putin', 'european-union', 'elections', 'armenia']);
    for (const slug of ['putin', 'e-u']) expect(await topic(slug), slug).toBeUndefined();

    const taken = await adminPost(app, editor, `/admin/topics/${putin.id}/aliases`, { alias: 'eu' });
    expect(taken.status).toBe(409);
    const takenHtml = await taken.text();
    expect(/<p class="field-error" id="topic-alias-error">.*?<\/p>/.exec(takenHtml)?.[0]).toContain('/topic/european-union');
    expect(takenHtml).toMatch(/<input id="topic-alias" name="alias" type="text" value="eu" aria-invalid="true"/);
    const alias = (await db().selectFrom('topic_aliases').select('id').where('topic_id', '=', putin.id).executeTakeFirstOrThrow()).id;
    expect((await adminPost(app, editor, `/admin/topics/${putin.id}/aliases/${alias}/delete`)).status).toBe(303);
    expect(await db().selectFrom('topic_aliases').select('id').where('id', '=', alias).executeTakeFirst()).toBeUndefined();
  });

  it('keeps the aliases of a topic merged into another', async () => {
    const { services } = fixture();
    const old = await services.taxonomy.upsertTopic({ name: 'Brussels politics', aliases: ['Brussels'] });
    const kept = (await topic('european-union'))!;
    expect((await adminPost(app, editor, '/admin/topics/merge', { from: old.id, into: kept.id })).status).toBe(303);
    const aliases = await db().selectFrom('topic_aliases').select('name').where('topic_id', '=', kept.id).orderBy('name').execute();
    expect(aliases.map((a) => a.name)).toEqual(['Brussels', 'EU']);
  });

  it('needs an editor and the form token for every review action, in the service too', async () => {
    const { services } = fixture();
    const armenia = (await topic('armenia'))!;
    expect(armenia.reviewed).toBe(0);
    expect((await adminPost(app, writer, `/admin/topics/${armenia.id}/accept`)).status).toBe(403);
    expect((await adminGet(app, writer, '/admin/topics')).status).toBe(403);
    expect((await adminPost(app, editor, `/admin/topics/${armenia.id}/accept`, {}, '')).status).toBe(403);
    expect((await adminPost(app, editor, `/admin/topics/${armenia.id}/aliases`, { alias: 'Hayastan' }, '')).status).toBe(403);
    const asWriter = { id: writer.user.id, role: 'writer' as const, author_id: null };
    await expect(services.topics.accept(asWriter, armenia.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(services.topics.addAlias(asWriter, armenia.id, 'Hayastan')).rejects.toBeInstanceOf(ForbiddenError);
    expect(await topic('armenia')).toMatchObject({ reviewed: 0 });
    expect(await db().selectFrom('topic_aliases').select('id').where('topic_id', '=', armenia.id).execute()).toEqual([]);
    expect(await status('/topic/armenia')).toBe(404);
  });

  it('keeps topics stored before review public', async () => {
    await db().insertInto('topics').values({ slug: 'older-topic', name: 'Older topic', created_at: '2020-01-01T00:00:00.000Z' }).execute();
    expect(await topic('older-topic')).toMatchObject({ reviewed: 1 });
    expect(await status('/topic/older-topic')).toBe(200);
  });
});
