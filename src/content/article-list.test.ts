import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, seedNewsroom } from '../../test/support/fixtures.js';
import type { Actor } from './article-policy.js';
import { articleListService, type ArticleListService, type NewsroomListRequest } from './article-list.js';

const editor: Actor = { id: 1, role: 'editor', author_id: null };

/** Every page of a list from the first by its Next cursors: the headlines in order, and the count each page gave. */
async function walk(list: ArticleListService, request: NewsroomListRequest) {
  const headlines: string[] = [];
  const totals = new Set<string>();
  for (let after: string | undefined, pages = 0; pages < 50; pages++) {
    const page = await list.page(editor, { ...request, after });
    headlines.push(...page.articles.map((a) => a.headline));
    totals.add(`${page.total}${page.countCapped ? '+' : ''}`);
    if (!page.next) break;
    after = page.next;
  }
  return { headlines, totals: [...totals] };
}

describeEachDatabase('headline search in the newsroom list, read through the trigram index or by walking the list', (fixture) => {
  let few: ArticleListService;
  let walked: ArticleListService;

  beforeAll(async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    const headlines = [
      'Harbour strike ends',
      'The HARBOUR board meets',
      'Inner-harbour homes',
      'Harbours of the north',
      'Rates rise 100% in a year',
      'Rates rise 1000 in a year',
      'snake_case and other habits',
      'snakeXcase is not a word',
      'Budget day',
      'Quoted "harbour" plans',
    ];
    for (let i = 0; i < 36; i++) {
      const headline = `${headlines[i % headlines.length]!} ${i}`;
      await services.articles.create(articleInput({ headline, section: i % 2 ? 'politics' : 'world' }), i % 3 ? { status: 'published', publishedAt: new Date(Date.UTC(2026, 0, 1 + i, 9)).toISOString() } : {});
    }
    // Every row its own time, so that one order is the only right answer.
    await sql`UPDATE articles SET updated_at = created_at`.execute(database.db);
    few = articleListService(database);
    // Never trusting the index to say a search is rare: every search walks the list in order.
    walked = articleListService(database, { fewMatches: -1 });
  });

  const cases: Array<[string, NewsroomListRequest]> = [
    ['a word in any case and anywhere in the headline', { headlineContains: 'harbour' }],
    ['with a status and a section', { headlineContains: 'Harbour', status: 'published', sectionSlug: 'politics' }],
    ['by headline, Z to A', { headlineContains: 'harbour', sort: 'headline', dir: 'desc' }],
    ['by publication date', { headlineContains: 'rates rise', sort: 'published' }],
    ['% as itself', { headlineContains: '100%' }],
    ['_ as itself', { headlineContains: 'snake_case' }],
    ['a double quote as itself', { headlineContains: '"harbour"' }],
    ['two letters, too short for trigrams', { headlineContains: 'ra' }],
    ['a word in no headline', { headlineContains: 'zzqx' }],
  ];

  for (const [name, request] of cases) {
    it(`gives the same pages and count both ways: ${name}`, async () => {
      const expected = await walk(walked, { ...request, pageSize: 4 });
      const actual = await walk(few, { ...request, pageSize: 4 });
      expect(actual).toEqual(expected);
      expect(actual.totals).toEqual([String(actual.headlines.length)]);
    });
  }

  it('finds every headline holding the text, in the asked order, and no other', async () => {
    const { headlines } = await walk(few, { headlineContains: 'harbour', sort: 'headline', pageSize: 5 });
    expect(headlines).toEqual(
      [
        'Harbour strike ends 0',
        'Harbour strike ends 10',
        'Harbour strike ends 20',
        'Harbour strike ends 30',
        'Harbours of the north 13',
        'Harbours of the north 23',
        'Harbours of the north 3',
        'Harbours of the north 33',
        'Inner-harbour homes 12',
        'Inner-harbour homes 2',
        'Inner-harbour homes 22',
        'Inner-harbour homes 32',
        'Quoted "harbour" plans 19',
        'Quoted "harbour" plans 29',
        'Quoted "harbour" plans 9',
        'The HARBOUR board meets 1',
        'The HARBOUR board meets 11',
        'The HARBOUR board meets 21',
        'The HARBOUR board meets 31',
      ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('reads the last page and goes back from it to the pages counted from the start', async () => {
    const first = await walk(few, { headlineContains: 'harbour', pageSize: 5 });
    const last = await few.page(editor, { headlineContains: 'harbour', pageSize: 5, last: true });
    expect(last.articles.map((a) => a.headline)).toEqual(first.headlines.slice(15));
    expect(last.next).toBeUndefined();
    const before = await few.page(editor, { headlineContains: 'harbour', pageSize: 5, before: last.previous });
    expect(before.articles.map((a) => a.headline)).toEqual(first.headlines.slice(10, 15));
    expect(before.next).toBeDefined();
  });

  it('follows a headline as it is changed and an article as it is deleted', async () => {
    const { services, database } = fixture();
    const created = await services.articles.create(articleInput({ headline: 'Lighthouse keepers return' }));
    expect((await few.page(editor, { headlineContains: 'lighthouse' })).articles.map((a) => a.id)).toEqual([created.id]);
    await services.articles.update(created.id, { headline: 'Foghorn keepers return' });
    expect((await few.page(editor, { headlineContains: 'lighthouse' })).articles).toEqual([]);
    expect((await few.page(editor, { headlineContains: 'foghorn' })).articles.map((a) => a.id)).toEqual([created.id]);
    await database.db.deleteFrom('article_authors').where('article_id', '=', created.id).execute();
    await database.db.deleteFrom('article_topics').where('article_id', '=', created.id).execute();
    await database.db.deleteFrom('articles').where('id', '=', created.id).execute();
    expect((await few.page(editor, { headlineContains: 'foghorn' })).total).toBe(0);
  });
});
