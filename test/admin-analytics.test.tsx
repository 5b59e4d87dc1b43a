import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { sourceKey, viewStore } from '../src/analytics/view-store.js';
import type { Article } from '../src/content/article-store.js';
import type { Services } from '../src/services.js';
import { adminGet, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const DAY = 86_400;
type Source = { referrerHost: string; utmSource: string; utmMedium: string; utmCampaign: string };
const direct: Source = { referrerHost: '', utmSource: '', utmMedium: '', utmCampaign: '' };
const social: Source = { referrerHost: 'social.example', utmSource: '', utmMedium: '', utmCampaign: '' };
const letter: Source = { referrerHost: '', utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'daily' };

/** Raw views as the counter stores them, `ago` seconds before now. */
async function countViews(services: Services, views: Array<{ article: Article; ago: number; source: Source; visitor: number | null }>) {
  const store = viewStore(services.database.db);
  const paths = await store.pathIds(views.map((v) => ({ path: v.article.path, kind: 'article' })));
  const sources = await store.sourceIds([...new Set(views.map((v) => sourceKey(v.source)))]);
  const now = Math.floor(Date.now() / 1000);
  await store.insertViews(views.map((v) => ({ at: now - v.ago, path_id: paths.get(v.article.path)!, source_id: sources.get(sourceKey(v.source))!, device: 0, visitor: v.visitor })));
}

describeEachDatabase('the newsroom analytics pages', (fixture) => {
  let services: Services;
  let app: ReturnType<typeof createAdminTestApp>;
  let harbour: Article;
  let election: Article;
  let editor: SignedIn;
  let writer: SignedIn;
  const page = async (who: SignedIn, path: string) => {
    const res = await adminGet(app, who, path);
    return { status: res.status, document: parseHTML(await res.text()).document };
  };
  const rows = (document: Document, panel: string) =>
    [...document.querySelectorAll(`section[aria-labelledby="${panel}-h"] tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));

  beforeAll(async () => {
    services = fixture().services;
    app = createAdminTestApp(services);
    const { authors } = await seedNewsroom(services);
    harbour = await publishedArticle(services, { headline: 'Harbour strike ends', authors: ['ada-reporter'], topics: ['russia'] });
    election = await publishedArticle(services, { headline: 'Election night', section: 'politics', authors: ['ben-writer'], topics: ['elections'] });
    await countViews(services, [
      // Today, in the last five minutes: the harbour piece four times (once under DNT: no visitor), the election once from the newsletter.
      { article: harbour, ago: 30, source: direct, visitor: 1 },
      { article: harbour, ago: 30, source: direct, visitor: 1 },
      { article: harbour, ago: 30, source: social, visitor: 2 },
      { article: harbour, ago: 30, source: social, visitor: null },
      { article: election, ago: 30, source: letter, visitor: 3 },
      // Yesterday, a minute before this time: the election piece twice; ten days ago: the harbour piece once.
      { article: election, ago: DAY + 60, source: direct, visitor: 4 },
      { article: election, ago: DAY + 60, source: direct, visitor: 5 },
      { article: harbour, ago: 10 * DAY, source: direct, visitor: 6 },
    ]);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
  });

  it('shows the desk visitors now, today / 7 / 30 days against the period before, and the top lists', async () => {
    const { status, document } = await page(editor, '/admin/analytics');
    expect(status).toBe(200);
    expect(document.querySelector('.an-now .an-big')!.textContent).toBe('3');
    const stat = (days: number) => document.querySelector(`#an-total-${days}-h`)!.parentElement!.textContent!.replace(/\s+/g, ' ');
    expect(stat(1)).toContain('5 views');
    expect(stat(1)).toContain('3 visitors');
    expect(stat(1)).toContain('+150% on yesterday by this time');
    expect(stat(7)).toContain('7 views');
    expect(stat(7)).toContain('+600% on the previous 7 days');
    expect(stat(30)).toContain('8 views');
    expect(stat(30)).toContain('No views the previous 30 days');

    expect(rows(document, 'an-articles')).toEqual([
      ['Harbour strike ends', '4', '2'],
      ['Election night', '3', '3'],
    ]);
    expect(document.querySelector('section[aria-labelledby="an-articles-h"] tbody a')!.getAttribute('href')).toBe(`/admin/analytics/articles/${harbour.id}`);
    expect(rows(document, 'an-sources')).toEqual([
      ['Direct or unknown', '4', '3'],
      ['social.example', '2', '1'],
      ['newsletter', '1', '1'],
    ]);
    expect(rows(document, 'an-topics').map((r) => r[0])).toEqual(['Russia', 'Elections']);
    expect(rows(document, 'an-authors')).toEqual([
      ['Ada Reporter', '4', '2'],
      ['Ben Writer', '3', '3'],
    ]);
    // The chart's figures are in the page for the island, and in a table for everyone else.
    const chart = JSON.parse(document.querySelector('#an-site-chart')!.getAttribute('data-chart')!) as { days: string[]; series: Array<{ label: string; values: number[] }> };
    expect(chart.days).toHaveLength(30);
    expect(chart.series[0]!.values.slice(-2)).toEqual([2, 5]);
    expect(document.querySelector('.an-figures tbody tr:last-child')!.textContent).toContain('5');
    expect(document.querySelector('script[src="/static/admin/analytics-chart.js"]')).not.toBeNull();
  });

  it('lists today’s or the last 30 days’ top articles when asked', async () => {
    const { document } = await page(editor, '/admin/analytics?days=30');
    expect(document.querySelector('#an-articles-h')!.textContent).toBe('Top articles, last 30 days');
    expect(rows(document, 'an-articles')[0]).toEqual(['Harbour strike ends', '5', '3']);
    const today = await page(editor, '/admin/analytics?days=1');
    expect(rows(today.document, 'an-articles')[1]).toEqual(['Election night', '1', '1']);
  });

  it('shows an article’s views over time, its sources, and no time on page', async () => {
    const { status, document } = await page(editor, `/admin/analytics/articles/${election.id}`);
    expect(status).toBe(200);
    expect(document.querySelector('h1')!.textContent).toBe('Analytics: Election night');
    const chart = JSON.parse(document.querySelector('#an-article-chart')!.getAttribute('data-chart')!) as { days: string[]; series: Array<{ values: number[] }> };
    expect(chart.series[0]!.values).toEqual([2, 1]);
    expect(rows(document, 'an-sources')).toEqual([
      ['Direct or unknown', '2', '2'],
      ['newsletter', '1', '1'],
    ]);
    expect(document.body.textContent).not.toMatch(/time on page/i);
  });

  it('exports every table as CSV', async () => {
    const csv = async (path: string) => {
      const res = await adminGet(app, editor, path);
      expect(res.headers.get('content-type')).toContain('text/csv');
      return (await res.text()).trim().split('\n');
    };
    expect(await csv('/admin/analytics/export.csv?table=articles&days=7')).toEqual(['article,path,views,visitors', `Harbour strike ends,${harbour.path},4,2`, `Election night,${election.path},3,3`]);
    expect(await csv('/admin/analytics/export.csv?table=sources&days=7')).toEqual(['source,views,visitors', 'Direct or unknown,4,3', 'social.example,2,1', 'newsletter,1,1']);
    expect((await csv('/admin/analytics/export.csv?table=topics&days=7'))[1]).toBe('Russia,4,2');
    expect((await csv('/admin/analytics/export.csv?table=authors&days=30'))[1]).toBe('Ada Reporter,5,3');
    expect(await csv('/admin/analytics/export.csv?table=days&days=30')).toHaveLength(31);
    expect((await csv(`/admin/analytics/articles/${election.id}/export.csv?table=sources`))[2]).toBe('newsletter,1,1');
    expect((await csv(`/admin/analytics/articles/${election.id}/export.csv?table=days`)).slice(1).map((l) => l.split(',').slice(1).join(','))).toEqual(['2,2', '1,1']);
    expect((await adminGet(app, editor, '/admin/analytics/export.csv?table=secrets')).status).toBe(404);
  });

  it('shows a writer only their own articles, and refuses a colleague’s article', async () => {
    const { status, document } = await page(writer, '/admin/analytics');
    expect(status).toBe(200);
    expect(rows(document, 'an-articles')).toEqual([['Election night', '3', '3']]);
    expect(document.querySelector('.an-now')).toBeNull();
    expect(document.body.textContent).not.toContain('Harbour strike ends');
    expect(document.querySelector('nav[aria-label="Newsroom"] a[href="/admin/analytics"]')).not.toBeNull();

    expect((await page(writer, `/admin/analytics/articles/${election.id}`)).status).toBe(200);
    const refused = await page(writer, `/admin/analytics/articles/${harbour.id}`);
    expect(refused.status).toBe(403);
    expect(refused.document.body.textContent).toContain('sees the figures of their own articles only');
    expect((await adminGet(app, writer, `/admin/analytics/articles/${harbour.id}/export.csv?table=days`)).status).toBe(403);
    expect((await adminGet(app, writer, '/admin/analytics/export.csv?table=sources&days=7')).status).toBe(403);
    expect(await (await adminGet(app, writer, '/admin/analytics/export.csv?table=articles&days=7')).text()).not.toContain('Harbour');
  });

  it('links an article’s editor to its figures for those who may see them', async () => {
    const link = `a[href="/admin/analytics/articles/${harbour.id}"]`;
    expect((await page(editor, `/admin/articles/${harbour.id}`)).document.querySelector(link)!.textContent!.trim()).toBe('Analytics');
    expect((await page(writer, `/admin/articles/${election.id}`)).document.querySelector(`a[href="/admin/analytics/articles/${election.id}"]`)).not.toBeNull();
    expect((await page(writer, `/admin/articles/${harbour.id}`)).document.querySelector(link)).toBeNull();
  });

  it('shows contributors nothing', async () => {
    const contributor = await signIn(app, services, 'contributor');
    expect((await adminGet(app, contributor, '/admin/analytics')).status).toBe(403);
    expect((await page(contributor, '/admin/articles')).document.querySelector('a[href="/admin/analytics"]')).toBeNull();
  });
});
