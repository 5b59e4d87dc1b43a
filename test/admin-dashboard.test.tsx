import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/content/article-store.js';
import { adminGet, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, publishedArticle, seedNewsletters, seedNewsroom, subscription } from './support/fixtures.js';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

/** The text inside the dashboard block headed `title` (up to the next block), or undefined when the page has no such block. */
function block(html: string, title: string): string | undefined {
  const start = html.indexOf(`>${title}</h2>`);
  if (start < 0) return undefined;
  const end = html.indexOf('<section', start);
  return html.slice(start, end < 0 ? undefined : end);
}

/** Article ids linked from a list page's table, in order. */
const rowIds = (html: string) => [...(html.split('<tbody>')[1] ?? '').matchAll(/href="\/admin\/articles\/(\d+)"/g)].map((m) => Number(m[1]));
const linkTo = (html: string, rel: 'next' | 'prev') => new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]?.replaceAll('&amp;', '&');
const lastLink = (html: string) => /href="([^"]+)" class="btn btn-quiet">\s*Last/.exec(html)?.[1]?.replaceAll('&amp;', '&');

describeEachDatabase('the dashboard at /admin', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  const made: Record<string, Article> = {};

  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    const { daily, weekend } = await seedNewsletters(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor', { authorId: authors[0]!.id });
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
    made.editorDraft = await services.articles.create(articleInput({ headline: 'Ada drafts the harbour story', authors: ['ada-reporter'] }));
    made.writerDraft = await services.articles.create(articleInput({ headline: 'Ben drafts the budget story', authors: ['ben-writer'] }));
    made.review = await services.articles.create(articleInput({ headline: 'Ben waits for an editor', authors: ['ben-writer'] }));
    await services.articles.submitForReview(made.review.id);
    made.summer = await services.articles.create(articleInput({ headline: 'A summer piece goes live', authors: ['ben-writer'] }));
    await services.articles.schedule(made.summer.id, '2030-07-01T13:30:00.000Z');
    made.winter = await services.articles.create(articleInput({ headline: 'A winter piece goes live', authors: ['ada-reporter'] }));
    await services.articles.schedule(made.winter.id, '2030-12-02T14:30:00.000Z');
    made.published = await publishedArticle(services, { headline: 'Already out in the world' });
    // Signups: counted when confirmed in the last 7 days; pending and older ones are not.
    await subscription(services, daily.id, 'one@readers.test', { confirmedAt: daysAgo(1) });
    await subscription(services, daily.id, 'two@readers.test', { confirmedAt: daysAgo(6.9) });
    await subscription(services, weekend.id, 'one@readers.test', { confirmedAt: daysAgo(3) });
    await subscription(services, daily.id, 'old@readers.test', { confirmedAt: daysAgo(7.1) });
    await subscription(services, weekend.id, 'waiting@readers.test', 'pending');
  });

  it('shows an editor every block: their drafts, review, scheduled, published, sends and signups', async () => {
    const res = await adminGet(app, editor, '/admin');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(block(html, 'My drafts')).toContain('Ada drafts the harbour story');
    expect(block(html, 'My drafts')).not.toContain('Ben drafts the budget story');
    expect(block(html, 'Waiting for review')).toContain('Ben waits for an editor');
    expect(block(html, 'Scheduled')).toContain('A summer piece goes live');
    expect(block(html, 'Recently published')).toContain('Already out in the world');
    expect(block(html, 'Sends in progress')).toContain('No sends under way');
    expect(block(html, 'Signups this week')).toBeDefined();
    for (const href of ['/admin/articles?status=draft', '/admin/articles?status=in_review', '/admin/articles?status=scheduled']) expect(html).toContain(`href="${href}"`);
  });

  it('shows scheduled times in the site zone, named, on both sides of the clock change', async () => {
    const html = block(await (await adminGet(app, editor, '/admin')).text(), 'Scheduled')!;
    // 13:30 UTC in July is 14:30 BST; 14:30 UTC in December is 14:30 GMT.
    expect(html).toContain('<time datetime="2030-07-01T13:30:00.000Z">Mon 1 Jul 2030, 14:30 BST</time>');
    expect(html).toContain('<time datetime="2030-12-02T14:30:00.000Z">Mon 2 Dec 2030, 14:30 GMT</time>');
    expect(html.indexOf('summer')).toBeLessThan(html.indexOf('winter'));
  });

  it('counts confirmed signups of the last seven days per newsletter, not pending or older ones', async () => {
    const html = block(await (await adminGet(app, editor, '/admin')).text(), 'Signups this week')!;
    expect(html).toContain('<strong>3</strong> new confirmed subscriptions');
    expect(html).toMatch(/The Daily Brief<\/a>: 2/);
    expect(html).toMatch(/The Weekend Read<\/a>: 1/);
  });

  it('groups the sidebar as Write, Content and Audience for an editor (no settings to manage), marking the current place (and only it) aria-current', async () => {
    const { parseHTML } = await import('linkedom');
    const sidebar = async (path: string) => {
      const { document } = parseHTML(await (await adminGet(app, editor, path)).text());
      return {
        groups: [...document.querySelectorAll('.nr-nav-group .nr-nav-heading')].map((h) => h.textContent),
        current: [...document.querySelectorAll('.nr-sidebar [aria-current]')].map((a) => `${a.getAttribute('aria-current')} ${a.getAttribute('href')}`),
      };
    };
    const home = await sidebar('/admin');
    expect(home.groups).toEqual(['Write', 'Content', 'Audience']);
    expect(home.current).toEqual(['page /admin']);
    // A place below a link is that link's (an article is in Articles), the longest match winning.
    expect((await sidebar(`/admin/articles/${made.editorDraft!.id}`)).current).toEqual(['page /admin/articles']);
    expect((await sidebar('/admin/articles/new')).current).toEqual(['page /admin/articles/new']);
    expect((await sidebar('/admin/newsletters')).current).toEqual(['page /admin/newsletters']);
    // The account is the editor's own name at the sidebar's foot.
    expect((await sidebar('/admin/account')).current).toEqual(['page /admin/account']);
  });

  it('shows a writer their own work and no review, sends or signups', async () => {
    const html = await (await adminGet(app, writer, '/admin')).text();
    expect(block(html, 'My drafts')).toContain('Ben drafts the budget story');
    expect(block(html, 'Waiting for review')).toBeUndefined();
    expect(block(html, 'Sends in progress')).toBeUndefined();
    expect(block(html, 'Signups this week')).toBeUndefined();
    // Another author's scheduled piece is not the writer's to see.
    expect(block(html, 'Scheduled')).toContain('A summer piece goes live');
    expect(block(html, 'Scheduled')).not.toContain('A winter piece goes live');
  });
});

describeEachDatabase('the article list at /admin/articles', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  let contributor: SignedIn;
  const ids: number[] = [];

  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
    contributor = await signIn(app, services, 'contributor', { authorId: authors[0]!.id });
    for (let i = 0; i < 120; i++) {
      const headline = `Story ${String(i % 40).padStart(2, '0')}`;
      const a =
        i % 3 === 0
          ? await publishedArticle(services, { headline, authors: ['ada-reporter'] }, { publishedAt: new Date(Date.UTC(2026, 0, 1) + i * DAY).toISOString() })
          : await services.articles.create(articleInput({ headline, authors: [i % 3 === 1 ? 'ada-reporter' : 'ben-writer'], section: i % 2 ? 'politics' : 'world' }));
      ids.push(a.id);
    }
    // Equal timestamps everywhere: the pages must still neither repeat nor skip a row.
    await services.database.db.updateTable('articles').set({ updated_at: '2026-03-01T10:00:00.000Z' }).execute();
  });

  /** Follows Next links from `path` and returns every page's row ids. */
  async function walk(who: SignedIn, path: string): Promise<number[][]> {
    const pages: number[][] = [];
    for (let next: string | undefined = path; next; ) {
      const html = await (await adminGet(app, who, next)).text();
      pages.push(rowIds(html));
      next = linkTo(html, 'next');
    }
    return pages;
  }

  it('pages through equal timestamps without repeating or missing a row, newest id first', async () => {
    const pages = await walk(editor, '/admin/articles');
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual([...ids].sort((a, b) => b - a));
  });

  it('sorts by headline A to Z with ties in id order, and back again from the last page', async () => {
    const pages = await walk(editor, '/admin/articles?sort=headline');
    const all = pages.flat();
    expect(new Set(all).size).toBe(120);
    const headlineOf = (id: number) => `Story ${String(ids.indexOf(id) % 40).padStart(2, '0')}`;
    const expected = [...ids].sort((a, b) => headlineOf(a).localeCompare(headlineOf(b)) || a - b);
    expect(all).toEqual(expected);

    const first = await (await adminGet(app, editor, '/admin/articles?sort=headline')).text();
    expect(first).toContain('aria-sort="ascending"');
    expect(first).toContain('Page 1 of 3');
    const last = await (await adminGet(app, editor, lastLink(first)!)).text();
    expect(last).toContain('Page 3 of 3');
    expect(rowIds(last)).toEqual(expected.slice(100));
    const middle = await (await adminGet(app, editor, linkTo(last, 'prev')!)).text();
    expect(rowIds(middle)).toEqual(expected.slice(50, 100));
    expect(middle).toContain('Page 2 of 3');
  });

  it('sorts by publication date, newest first, never-published last', async () => {
    const html = await (await adminGet(app, editor, '/admin/articles?sort=published&status=published')).text();
    const published = ids.filter((_, i) => i % 3 === 0);
    expect(rowIds(html)).toEqual([...published].reverse());
    const all = (await walk(editor, '/admin/articles?sort=published')).flat();
    expect(all.slice(0, published.length)).toEqual([...published].reverse());
  });

  it('filters by status, section, author and headline text together', async () => {
    const html = await (await adminGet(app, editor, '/admin/articles?status=draft&section=politics&author=ben-writer&q=story+0')).text();
    const expected = ids.filter((_, i) => i % 3 === 2 && i % 2 === 1 && i % 40 < 10).reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(rowIds(html)).toEqual(expected);
    expect(html).toContain(`${expected.length} article`);
  });

  it('shows a writer their own drafts and the published, and a contributor only their own', async () => {
    const writerRows = (await walk(writer, '/admin/articles')).flat();
    expect(new Set(writerRows)).toEqual(new Set(ids.filter((_, i) => i % 3 !== 1)));
    const contributorRows = (await walk(contributor, '/admin/articles')).flat();
    expect(new Set(contributorRows)).toEqual(new Set(ids.filter((_, i) => i % 3 !== 2)));
    expect(contributorRows).not.toContain(ids[2]);
  });

  it('shows times in the site zone with the zone named', async () => {
    const html = await (await adminGet(app, editor, '/admin/articles')).text();
    expect(html).toContain('<time datetime="2026-03-01T10:00:00.000Z">Sun 1 Mar 2026, 10:00 GMT</time>');
  });

  it('answers a damaged page link with 422 naming the problem', async () => {
    const res = await adminGet(app, editor, '/admin/articles?after=not-a-cursor');
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('not a place in the article list');
  });
});

describe('the dashboard with nothing in it', () => {
  it('says so in each block', async () => {
    const { createSqliteDatabase } = await import('./support/databases.js');
    const db = await createSqliteDatabase();
    try {
      const app = createAdminTestApp(db.services);
      const admin = await signIn(app, db.services, 'admin');
      const html = await (await adminGet(app, admin, '/admin')).text();
      for (const text of ['No author profile', 'Nothing waiting', 'Nothing scheduled', 'Nothing published yet', 'No sends under way', 'No new subscribers this week']) expect(html).toContain(text);
    } finally {
      await db.close();
    }
  });
});
