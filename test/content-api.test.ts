import ghostContentApi, { type GhostAPI, type GhostContentAPIOptions, type Pagination } from '@tryghost/content-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CONTENT_API_REQUESTS_PER_MINUTE } from '../src/api/content/routes.js';
import { b } from '../src/content/blocks.js';
import { createServices } from '../src/services.js';
import { startSiteServer, type TestServer } from './support/browser.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, publishedSeries, seedNewsroom, seedPlans } from './support/fixtures.js';

/** Ghost's tier, which the DefinitelyTyped types (older than tiers) lack. */
interface Tier {
  name: string;
  type: string;
  currency: string | null;
  monthly_price: number | null;
  yearly_price: number | null;
  benefits: string[];
}
// The package is CommonJS while its types declare an ES default export: Node hands over module.exports, the function itself.
const GhostContentAPI = ghostContentApi as unknown as (options: GhostContentAPIOptions) => GhostAPI & { tiers: { browse(params?: { include?: string[]; filter?: string }): Promise<Tier[] & { meta: { pagination: Pagination } }> } };

const admin = { id: 0, role: 'admin' as const, author_id: null };
const editor = { id: 0, role: 'editor' as const, author_id: null };

/** What the client throws for an error answer: Ghost's error object, with the response. */
type ClientError = Error & { type: string; response: { status: number } };
const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('should have failed'), (error: unknown) => error as ClientError);

describeEachDatabase('Content API through Ghost’s own client', (fixture) => {
  let server: TestServer;
  let key: string;
  let api: ReturnType<typeof GhostContentAPI>;
  let ids: { open: number; members: number; metered: number };

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await services.taxonomy.upsertAuthor({ slug: 'cy-quiet', name: 'Cy Quiet', bio: '' });
    await publishedSeries(services, 20, { section: 'world', authors: ['ben-writer'], topics: [] }, '2025-03-01T09:00:00.000Z');
    const open = await publishedArticle(
      services,
      { headline: 'Talks resume in Geneva', slug: 'talks-resume', section: 'world', authors: ['ada-reporter'], topics: ['russia'], body: [b.p('Delegates met at <noon>.'), b.p('They agreed to meet again.')] },
      { publishedAt: '2026-01-05T09:00:00.000Z' },
    );
    const members = await publishedArticle(
      services,
      { headline: 'Inside the coalition', slug: 'inside-the-coalition', section: 'politics', authors: ['ben-writer', 'ada-reporter'], topics: ['elections'], access: 'members', body: [b.p('Only members read this.')] },
      { publishedAt: '2026-01-06T09:00:00.000Z' },
    );
    const metered = await publishedArticle(
      services,
      { headline: 'The budget, line by line', slug: 'budget-line-by-line', section: 'politics', authors: ['ben-writer'], topics: [], access: 'registered', body: [b.p('Registered readers read this.')] },
      { publishedAt: '2026-01-07T09:00:00.000Z' },
    );
    await services.articles.create({ headline: 'A draft', slug: 'a-draft', section: 'world', authors: ['ada-reporter'], topics: [], body: [b.p('Not yet.')] });
    ids = { open: open.id, members: members.id, metered: metered.id };
    await services.fronts.pin(editor, null, { articleId: open.id, slot: 1, expiresAt: null });
    await services.pages.create(editor, { slug: 'about', title: 'About us', standfirst: 'Who we are.', body: [b.p('We report.')], status: 'published' });
    await services.pages.create(editor, { slug: 'secret-plans', title: 'Not yet', body: [], status: 'draft' });
    await seedPlans(services);
    key = (await services.apiKeys.create(admin, { kind: 'content', name: 'Tests' })).plaintext;
    server = await startSiteServer(services, { siteName: 'Test Gazette', siteUrl: 'https://news.example' });
    api = GhostContentAPI({ url: server.url, key, version: 'v6.0' });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('browses posts newest first, 15 to a page, with Ghost’s pagination meta and each public post’s html', async () => {
    const posts = await api.posts.browse();
    expect(posts).toHaveLength(15);
    expect(posts.meta.pagination).toEqual({ page: 1, limit: 15, pages: 2, total: 23, next: 2, prev: null });
    expect(posts.map((p) => p.slug).slice(0, 3)).toEqual(['budget-line-by-line', 'inside-the-coalition', 'talks-resume']);
    const talks = posts[2]!;
    expect(talks).toMatchObject({
      id: String(ids.open),
      title: 'Talks resume in Geneva',
      visibility: 'public',
      featured: true,
      custom_excerpt: 'A one-sentence standfirst.',
      excerpt: 'A one-sentence standfirst.',
      published_at: '2026-01-05T09:00:00.000Z',
      reading_time: 1,
      access: true,
      url: `https://news.example/world/2026/01/talks-resume`,
    });
    expect(talks.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(talks.html).toBe('<p>Delegates met at &lt;noon&gt;.</p><p>They agreed to meet again.</p>');
    expect(talks).not.toHaveProperty('plaintext');
    expect(talks).not.toHaveProperty('tags');

    const second = await api.posts.browse({ page: 2 });
    expect(second).toHaveLength(8);
    expect(second.meta.pagination).toMatchObject({ page: 2, pages: 2, next: null, prev: 1 });
  });

  it('includes tags (the section first, as primary tag) and authors (the first as primary author)', async () => {
    const post = await api.posts.read({ id: String(ids.members) }, { include: ['tags', 'authors'] });
    expect(post.tags?.map((t) => t.slug)).toEqual(['politics', 'elections']);
    expect(post.primary_tag).toMatchObject({ id: post.tags![0]!.id, name: 'Politics', slug: 'politics', description: 'Power at home.', visibility: 'public', url: 'https://news.example/politics/' });
    expect(post.tags![1]).toMatchObject({ name: 'Elections', url: 'https://news.example/topic/elections/' });
    expect(post.authors?.map((a) => a.slug)).toEqual(['ben-writer', 'ada-reporter']);
    expect(post.primary_author).toMatchObject({ name: 'Ben Writer', bio: 'Writes on politics.', url: 'https://news.example/author/ben-writer/' });
  });

  it('answers an edited post with its new body and reading time at once', async () => {
    const before = await api.posts.read({ id: String(ids.open) });
    expect(before.html).toContain('Delegates met');
    const longer = Array.from({ length: 12 }, () => b.p(`${'word '.repeat(99)}end.`));
    await fixture().services.articles.update(ids.open, { body: [b.p('Talks ended without a deal.'), ...longer] });
    const after = await api.posts.read({ id: String(ids.open) });
    expect(after.html).toMatch(/^<p>Talks ended without a deal.<\/p>/);
    expect(after.reading_time).toBe(5);
    await fixture().services.articles.update(ids.open, { body: [b.p('Delegates met at <noon>.'), b.p('They agreed to meet again.')] });
  });

  it('gates members-only and metered posts as the site does: no html or plaintext, the standfirst as excerpt', async () => {
    const members = await api.posts.read({ slug: 'inside-the-coalition' }, { formats: ['html', 'plaintext'] });
    expect(members).toMatchObject({ visibility: 'paid', access: false, html: '', plaintext: '', excerpt: 'A one-sentence standfirst.' });
    const metered = await api.posts.read({ id: String(ids.metered) }, { formats: ['html', 'plaintext'] });
    expect(metered).toMatchObject({ visibility: 'members', access: false, html: '', plaintext: '' });
    const open = await api.posts.read({ slug: 'talks-resume' }, { formats: 'plaintext' });
    expect(open.plaintext).toBe('Delegates met at <noon>.\n\nThey agreed to meet again.');
    expect(open).not.toHaveProperty('html');
  });

  it('filters with the NQL subset: tag, tags:[…], author, primary_tag, featured, visibility, published_at, + and ,', async () => {
    const slugs = async (filter: string) => (await api.posts.browse({ filter, limit: 'all' })).map((p) => p.slug);
    expect(await slugs('tag:russia')).toEqual(['talks-resume']);
    expect(await slugs('tag:politics')).toEqual(['budget-line-by-line', 'inside-the-coalition']);
    expect(await slugs('tags:[elections,russia]')).toEqual(['inside-the-coalition', 'talks-resume']);
    expect(await slugs('author:ada-reporter')).toEqual(['inside-the-coalition', 'talks-resume']);
    expect(await slugs('primary_author:ada-reporter')).toEqual(['talks-resume']);
    expect(await slugs('primary_tag:politics+visibility:paid')).toEqual(['inside-the-coalition']);
    expect(await slugs('featured:true')).toEqual(['talks-resume']);
    expect(await slugs("published_at:>'2026-01-05 12:00:00'")).toEqual(['budget-line-by-line', 'inside-the-coalition']);
    expect(await slugs('visibility:members,tag:russia')).toEqual(['budget-line-by-line', 'talks-resume']);
    expect(await slugs('tag:-world+published_at:>=2026-01-01')).toEqual(['budget-line-by-line', 'inside-the-coalition']);
    const filtered = await api.posts.browse({ filter: 'author:ben-writer', limit: 5 });
    expect(filtered.meta.pagination).toMatchObject({ total: 22, pages: 5, limit: 5 });
  });

  it('keeps only the asked-for fields, orders as asked, and caps the limit at 100 (all included)', async () => {
    const posts = await api.posts.browse({ fields: 'title,slug', order: 'title desc', limit: 3 });
    expect(posts.map((p) => ({ ...p }))).toEqual([
      { title: 'The budget, line by line', slug: 'budget-line-by-line' },
      { title: 'Talks resume in Geneva', slug: 'talks-resume' },
      { title: 'Inside the coalition', slug: 'inside-the-coalition' },
    ]);
    expect((await api.posts.browse({ limit: 'all' })).meta.pagination.limit).toBe(100);
    expect((await api.posts.browse({ limit: 500 })).meta.pagination.limit).toBe(100);
  });

  it('reads and browses pages (published standing pages only)', async () => {
    const pages = await api.pages.browse();
    expect(pages.map((p) => p.slug)).toEqual(['about']);
    expect(pages[0]).toMatchObject({ title: 'About us', custom_excerpt: 'Who we are.', html: '<p>We report.</p>', url: 'https://news.example/about', visibility: 'public' });
    expect((await api.pages.read({ slug: 'about' })).title).toBe('About us');
    expect((await api.pages.read({ id: pages[0]!.id })).slug).toBe('about');
    expect((await failure(api.pages.read({ slug: 'secret-plans' }))).type).toBe('NotFoundError');
  });

  it('browses and reads tags (sections and topics) and authors, with count.posts', async () => {
    const tags = await api.tags.browse({ include: 'count.posts', limit: 'all' });
    expect(tags.map((t) => [t.slug, t.count?.posts])).toEqual([
      ['elections', 1],
      ['politics', 2],
      ['russia', 1],
      ['world', 21],
    ]);
    expect((await api.tags.read({ slug: 'world' })).name).toBe('World');
    const russia = tags.find((t) => t.slug === 'russia')!;
    expect((await api.tags.read({ id: russia.id })).slug).toBe('russia');

    const authors = await api.authors.browse({ include: 'count.posts' });
    expect(authors.map((a) => [a.slug, a.count?.posts])).toEqual([
      ['ada-reporter', 2],
      ['ben-writer', 22],
      ['cy-quiet', 0],
    ]);
    expect((await api.authors.read({ slug: 'ada-reporter' })).name).toBe('Ada Reporter');
    expect((await api.authors.read({ id: authors[1]!.id })).slug).toBe('ben-writer');
    expect((await api.authors.browse({ filter: 'slug:[cy-quiet,ada-reporter]' })).map((a) => a.slug)).toEqual(['ada-reporter', 'cy-quiet']);
  });

  it('browses tiers (free, then the membership plans) and the settings', async () => {
    const tiers = await api.tiers.browse({ include: ['monthly_price', 'yearly_price', 'benefits'] });
    expect(tiers.map((t) => [t.name, t.type, t.currency, t.monthly_price, t.yearly_price])).toEqual([
      ['Free', 'free', null, null, null],
      ['Supporter', 'paid', 'GBP', 500, 5000],
      ['Patron', 'paid', 'GBP', 1500, 15000],
    ]);
    expect(tiers[1]!.benefits).toEqual(['Every article, without limits', 'The weekly members’ letter']);
    expect((await api.tiers.browse({ filter: 'type:paid' })).map((t) => t.name)).toEqual(['Supporter', 'Patron']);
    const settings = await api.settings.browse();
    expect(settings).toMatchObject({ title: 'Test Gazette', url: 'https://news.example/', timezone: 'Europe/London', lang: 'en' });
    expect(settings.navigation).toEqual([
      { label: 'World', url: 'https://news.example/world/' },
      { label: 'Politics', url: 'https://news.example/politics/' },
    ]);
    expect(settings.secondary_navigation).toEqual([{ label: 'About us', url: 'https://news.example/about/' }]);
  });

  it('answers errors as Ghost does: 404 NotFoundError, 400 for a bad filter naming the problem, 422 for a bad limit', async () => {
    const missing = await failure(api.posts.read({ slug: 'no-such-post' }));
    expect([missing.response.status, missing.type, missing.message]).toEqual([404, 'NotFoundError', 'Post not found.']);
    const drafted = await failure(api.posts.read({ slug: 'a-draft' }));
    expect(drafted.response.status).toBe(404);
    const badFilter = await failure(api.posts.browse({ filter: 'tag:' }));
    expect([badFilter.response.status, badFilter.type, badFilter.message]).toEqual([400, 'BadRequestError', 'Error parsing filter: expected a value at the end']);
    const unknown = await failure(api.posts.browse({ filter: 'colour:red' }));
    expect(unknown.message).toMatch(/^Unknown filter property "colour" for posts: use one of tag, tags/);
    const badDate = await failure(api.posts.browse({ filter: 'published_at:>yesterday' }));
    expect(badDate.message).toBe(`"published_at" needs a date such as '2026-01-31' or '2026-01-31 09:00:00', not "yesterday"`);
    const badLimit = await failure(api.posts.browse({ limit: 'many' }));
    expect([badLimit.response.status, badLimit.type]).toEqual([422, 'ValidationError']);
    expect(badLimit.message).toContain('limit: must be a whole number from 1 to 100, or all');
    const badInclude = await failure(api.tags.browse({ include: 'authors' }));
    expect(badInclude.message).toContain('include: "authors" is not one of count.posts');
  });

  it('refuses a missing, unknown or revoked key with 401', async () => {
    const none = await fetch(`${server.url}/ghost/api/content/posts/`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ errors: [{ type: 'UnauthorizedError', message: expect.stringMatching(/^Authorization failed: send a Content API key as \?key=/) }] });
    const stranger = await failure(GhostContentAPI({ url: server.url, key: '0123456789abcdef0123456789', version: 'v6.0' }).posts.browse());
    expect([stranger.response.status, stranger.type, stranger.message]).toEqual([401, 'UnauthorizedError', 'Unknown Content API Key']);
    const made = await fixture().services.apiKeys.create(admin, { kind: 'content', name: 'Short-lived' });
    const client = GhostContentAPI({ url: server.url, key: made.plaintext, version: 'v6.0' });
    expect(await client.settings.browse()).toMatchObject({ title: 'Test Gazette' });
    await fixture().services.apiKeys.revoke(admin, made.key.id);
    expect((await failure(client.settings.browse())).response.status).toBe(401);
  });

  it('is open to browsers on every origin (CORS, with the preflight Accept-Version needs)', async () => {
    const res = await fetch(`${server.url}/ghost/api/content/posts/?key=${key}&limit=1`, { headers: { origin: 'https://app.example', 'accept-version': 'v6.0' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-version')).toBe('v6.0');
    const preflight = await fetch(`${server.url}/ghost/api/content/posts/?key=${key}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'accept-version' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('accept-version');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('sends Cache-Control and a strong ETag, answering 304 to If-None-Match; writes and unknown paths get JSON errors', async () => {
    const url = `${server.url}/ghost/api/content/posts/?key=${key}&limit=2`;
    const first = await fetch(url);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await publishedArticle(fixture().services, { slug: 'late-news', section: 'world' }, { publishedAt: '2026-02-01T09:00:00.000Z' });
    const changed = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { posts: Array<{ slug: string }> }).posts[0]!.slug).toBe('late-news');

    const post = await fetch(`${server.url}/ghost/api/content/posts/?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
    expect(await post.json()).toMatchObject({ errors: [{ type: 'NotFoundError' }] });
    const nowhere = await fetch(`${server.url}/ghost/api/content/comments/?key=${key}`);
    expect([nowhere.status, nowhere.headers.get('content-type')]).toEqual([404, 'application/json']);
  });
  it('counts a publish and an unpublish in the total at once, and an article another process published once the change feed tells of it', async () => {
    const { services, database } = fixture();
    const total = async () => (await api.posts.browse({ limit: 1 })).meta.pagination.total;
    const before = await total();
    const fresh = await publishedArticle(services, { slug: 'counted-at-once', section: 'world' }, { publishedAt: '2026-02-02T09:00:00.000Z' });
    expect(await total()).toBe(before + 1);
    await services.articles.unpublish(fresh.id);
    expect(await total()).toBe(before);

    // Another process: its own services over the same database, whose changes reach this one through the change feed.
    const elsewhere = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost' });
    const theirs = await publishedArticle(elsewhere, { slug: 'published-elsewhere', section: 'world' }, { publishedAt: '2026-02-03T09:00:00.000Z' });
    services.events.deliver({ entity: 'article', id: theirs.id });
    expect(await total()).toBe(before + 1);
    expect((await api.posts.browse({ limit: 1 }))[0]!.slug).toBe('published-elsewhere');
  });

  it('limits each key per address, counted in the database, with Ghost’s 429 and a Retry-After; another key is not held back', async () => {
    const { services, database } = fixture();
    const made = await services.apiKeys.create(admin, { kind: 'content', name: 'Busy app' });
    const busy = GhostContentAPI({ url: server.url, key: made.plaintext, version: 'v6.0' });
    expect(await busy.settings.browse()).toMatchObject({ title: 'Test Gazette' });
    const counted = await database.db.selectFrom('rate_limits').selectAll().where('key', 'like', `content-api:${made.key.id}:%`).execute();
    expect(counted.map((r) => r.hits)).toEqual([1]);
    // The rest of this minute's requests (and the next minute's, should the clock turn meanwhile) used up.
    const { key: limitKey, window_start } = counted[0]!;
    const next = new Date(Date.parse(window_start) + 60_000).toISOString();
    await database.db.updateTable('rate_limits').set({ hits: CONTENT_API_REQUESTS_PER_MINUTE }).where('key', '=', limitKey).execute();
    await database.db.insertInto('rate_limits').values({ key: limitKey, window_start: next, hits: CONTENT_API_REQUESTS_PER_MINUTE }).execute();

    const refused = await fetch(`${server.url}/ghost/api/content/posts/?key=${made.plaintext}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ errors: [{ type: 'TooManyRequestsError', message: expect.stringMatching(/^Too many Content API requests, try again in 1 minute/) }] });
    expect((await failure(busy.posts.browse())).response.status).toBe(429);
    expect((await api.posts.browse({ limit: 1 })).length).toBe(1);
  });
  it('keeps answers (the same ETag for every key) yet shows a publish, an unpublish and an author’s edit at once', async () => {
    const { services } = fixture();
    const secondKey = (await services.apiKeys.create(admin, { kind: 'content', name: 'Second app' })).plaintext;
    const other = GhostContentAPI({ url: server.url, key: secondKey, version: 'v6.0' });
    const etagOf = async (k: string) => (await fetch(`${server.url}/ghost/api/content/posts/?limit=3&include=authors&key=${k}`)).headers.get('etag');
    const first = await etagOf(key);
    expect(await etagOf(secondKey)).toBe(first);
    const fresh = await publishedArticle(services, { slug: 'shown-at-once', section: 'world', authors: ['cy-quiet'] }, { publishedAt: '2026-03-01T09:00:00.000Z' });
    const [newest] = await other.posts.browse({ limit: 3, include: 'authors' });
    expect([newest!.slug, newest!.primary_author?.name]).toEqual(['shown-at-once', 'Cy Quiet']);
    await services.taxonomy.upsertAuthor({ slug: 'cy-quiet', name: 'Cy Loud', bio: '' });
    expect((await api.posts.browse({ limit: 3, include: 'authors' }))[0]!.primary_author?.name).toBe('Cy Loud');
    await services.articles.unpublish(fresh.id);
    expect((await api.posts.browse({ limit: 3, include: 'authors' }))[0]!.slug).not.toBe('shown-at-once');
  });
});
