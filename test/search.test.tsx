import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { generateArchive } from '../src/demo/archive.js';
import { fullTextFor } from '../src/search/fulltext-engines.js';
import { postgresFullTextIndex, tsQuery } from '../src/search/fulltext-postgres.js';
import { parseQuery } from '../src/search/query.js';
import { CANDIDATE_CAP, type SearchParams } from '../src/search/search-service.js';
import { createPostgresDatabase, describeEachDatabase, postgresUrl } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const titles = (html: string) => [...html.matchAll(/<h2><a href="[^"]+">(.*?)<\/a><\/h2>/g)].map((m) => m[1]!.replace(/<\/?mark>/g, ''));

describeEachDatabase('search', (fixture) => {
  const app = () => createApp({ services: fixture().services, config: { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
  const get = async (url: string) => {
    const res = await app().request(url);
    return { status: res.status, html: await res.text() };
  };
  const search = (params: SearchParams) => fixture().services.search.search(params);

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await publishedArticle(services, { headline: 'Glacier retreat alarms the valley', standfirst: 'A season of loss.', body: [b.p('Meltwater everywhere.')] });
    await publishedArticle(services, { headline: 'Mountain towns count the cost', standfirst: 'The glacier is going.', body: [b.p('Tourism falls.')] }, { publishedAt: '2025-06-01T09:00:00.000Z' });
    await publishedArticle(
      services,
      { headline: 'A quiet summer', standfirst: 'Little happened.', section: 'politics', authors: ['ben-writer'], topics: ['elections'], printIssue: 42, body: [b.p('Except that the glacier moved and the carbon tax was repealed.')] },
      { publishedAt: '2024-01-02T09:00:00.000Z' },
    );
    await publishedArticle(services, { headline: 'Tax on carbon, again', body: [b.p('A levy on carbon and a tax on fuel.')] });
    await publishedArticle(services, { headline: 'Hostile <script>alert(1)</script> glacier', body: [b.p('Text with <b>tags</b> about the glacier.')] });
    await publishedArticle(services, { headline: 'Inside the harbour deal', standfirst: 'What the board agreed.', access: 'members', body: [b.p('The secret clause gives the quayside to the highest bidder.')] });
    await publishedArticle(services, { headline: 'Counting the quayside vote', access: 'registered', body: [b.p('The quayside ballot closes on Friday.')] });
  });

  it('finds gated articles by their words but quotes none of their body, only their standfirst', async () => {
    const { html } = await get('/search?q=quayside');
    expect(titles(html).sort()).toEqual(['Counting the quayside vote', 'Inside the harbour deal']);
    expect(html).not.toContain('highest bidder');
    expect(html).not.toContain('ballot closes');
    expect(html).toContain('What the board agreed.');
  });

  it('ranks headline over standfirst over body', async () => {
    const r = await search({ q: 'glacier -hostile' });
    expect(r.hits.map((h) => h.headline)).toEqual(['Glacier retreat alarms the valley', 'Mountain towns count the cost', 'A quiet summer']);
    expect(r.total).toBe(3);
  });

  it('matches phrases exactly and honours exclusions', async () => {
    expect((await search({ q: '"carbon tax"' })).hits.map((h) => h.headline)).toEqual(['A quiet summer']);
    expect((await search({ q: 'carbon tax' })).hits).toHaveLength(2);
    expect((await search({ q: 'carbon -levy' })).hits.map((h) => h.headline)).toEqual(['A quiet summer']);
  });

  it('filters by section, author, topic, print issue and dates, and sorts by date', async () => {
    const one = ['A quiet summer'];
    for (const f of [{ section: 'politics' }, { author: 'ben-writer' }, { topic: 'elections' }, { issue: '42' }, { from: '2024-01-01', to: '2024-01-31' }]) {
      expect((await search({ q: 'glacier', ...f })).hits.map((h) => h.headline), JSON.stringify(f)).toEqual(one);
    }
    const byDate = await search({ q: 'glacier -hostile', sort: 'date' });
    expect(byDate.hits.map((h) => h.publishedAt)).toEqual(['2026-01-07T09:00:00.000Z', '2025-06-01T09:00:00.000Z', '2024-01-02T09:00:00.000Z']);
  });

  it('renders highlighted, escaped results', async () => {
    const { status, html } = await get('/search?q=glacier');
    expect(status).toBe(200);
    expect(html).toContain('<a href="/world/2026/01/');
    expect(html).toContain('<mark>Glacier</mark> retreat alarms the valley');
    expect(html).toContain('Hostile &lt;script&gt;alert(1)&lt;/script&gt; <mark>glacier</mark>');
    expect(html).toMatch(/Text with (&lt;b&gt;)?\s*tags\s*(&lt;\/b&gt;)?\s*about the <mark>glacier<\/mark>/);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('4 articles match.');
  });

  it('quotes the passage of a long article where the words are, however far in, and past a stem met inside another word', async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => b.p(`Item ${i}: the quarterly tallies of gravel and culverts were read aloud.`));
    const { services } = fixture();
    // The first "ream" is inside "streams", about 3,000 characters in; the word itself comes about 3,000 after.
    await publishedArticle(services, { headline: 'The surveyor files her annual account', body: [...filler(45), b.p('Three streams were diverted.'), ...filler(40), b.p('Then a ream of lost ledgers turned up in the vestry.'), ...filler(20)] });
    await publishedArticle(services, { headline: 'Ledgers and ream counts', standfirst: 'The clerk keeps count.', body: [...filler(40), b.p('Two streams ran dry.'), ...filler(40)] });
    const { html } = await get('/search?q=reams');
    expect(titles(html).sort()).toEqual(['Ledgers and ream counts', 'The surveyor files her annual account']);
    expect(html).toMatch(/Then a <mark>ream<\/mark> of lost ledgers turned up/);
    // Found in the headline alone: the standfirst stands in for a body passage without the word.
    expect(html).toContain('The clerk keeps count.');
    const headlineOnly = (await search({ q: 'reams' })).hits.find((h) => h.headline === 'Ledgers and ream counts')!;
    expect(headlineOnly.marked.snippet).toMatch(/^Item 0: the quarterly tallies/);
    expect((await get('/search?q=ledgers')).html).toMatch(/a ream of lost <mark>ledgers<\/mark> turned up/);
  });

  it('explains an empty result and unusable filters instead of failing', async () => {
    const none = await get('/search?q=xylophone+%22brass+band%22');
    expect(none.html).toContain('Nothing matched “xylophone &quot;brass band&quot;”');
    const unknown = await get('/search?q=glacier&section=sport&from=2024-02-31');
    expect(unknown.html).toContain('The &quot;from&quot; date &quot;2024-02-31&quot; is not a real date, so it was ignored.');
    expect(unknown.html).toContain('There is no section &quot;sport&quot;.');
    expect((await get('/search?q=-glacier')).html).toContain('Add a word to look for');
  });

  it('never answers an error page for odd input', async () => {
    const odd = ['"', '"glacier', 'glacier"', 'title:glacier', 'glacier*', 'NEAR(glacier valley)', 'glacier AND OR NOT', '(((', '-', '^glacier', '{headline}: x', "o'brien", '\u0000\u0001', 'x'.repeat(5000), 'glacier '.repeat(300)];
    for (const q of odd) {
      const res = await app().request(`/search?q=${encodeURIComponent(q)}&page=${encodeURIComponent('9999999999')}&sort=%27`);
      expect(res.status, q.slice(0, 40)).toBe(200);
      expect(await res.text()).not.toContain('Something went wrong');
    }
    expect((await get(`/search?q=${encodeURIComponent('"glacier valley')}`)).status).toBe(200);
  });

  it('pages through results', async () => {
    const { services } = fixture();
    for (let i = 0; i < 23; i++) await publishedArticle(services, { headline: `Walrus sighting number ${i}` });
    const page2 = await get('/search?q=walrus&page=2');
    expect(titles(page2.html)).toHaveLength(3);
    expect(page2.html).toContain('Page 2 of 2');
    expect(page2.html).toContain('rel="prev" href="/search?q=walrus"');
  });

  it('follows every publish, update, unpublish and republish', async () => {
    const { services } = fixture();
    const hits = async (q: string) => (await search({ q })).hits.map((h) => h.id);
    const draft = await services.articles.create({ headline: 'Zeppelin returns', section: 'world', body: [b.p('An airship over the bay.')] });
    expect(await hits('zeppelin')).toEqual([]);
    await services.articles.publish(draft.id);
    expect(await hits('zeppelin')).toEqual([draft.id]);
    expect(await hits('airship')).toEqual([draft.id]);
    expect(await hits('"zeppelin returns"')).toEqual([draft.id]);
    await services.articles.update(draft.id, { headline: 'Dirigible returns', body: [b.p('A blimp over the bay.')] });
    expect(await hits('zeppelin')).toEqual([]);
    expect(await hits('airship')).toEqual([]);
    expect(await hits('dirigible blimp')).toEqual([draft.id]);
    // PostgreSQL looks a phrase up by its word pairs, which the edit must have replaced too.
    expect(await hits('"zeppelin returns"')).toEqual([]);
    expect(await hits('"dirigible returns"')).toEqual([draft.id]);
    expect(await hits('"returns dirigible"')).toEqual([]);
    await services.articles.unpublish(draft.id);
    expect(await hits('dirigible')).toEqual([]);
    await services.articles.update(draft.id, { standfirst: 'Hovering quietly.' });
    expect(await hits('hovering')).toEqual([]);
    await services.articles.publish(draft.id);
    expect(await hits('hovering dirigible')).toEqual([draft.id]);
  });
});

describeEachDatabase('on this day and the generated archive', (fixture) => {
  const app = () => createApp({ services: fixture().services, config: { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });

  beforeAll(async () => {
    const { services } = fixture();
    await seedNewsroom(services);
    await publishedArticle(services, { headline: 'Spring came early' }, { publishedAt: '2020-03-14T08:00:00.000Z' });
    await publishedArticle(services, { headline: 'Late night on the fourteenth' }, { publishedAt: '2021-03-14T23:30:00.000Z' });
    await publishedArticle(services, { headline: 'Published on the fifteenth' }, { publishedAt: '2021-03-15T09:00:00.000Z' });
  });

  it('shows what was published on a date in past years, newest year first', async () => {
    const html = await (await app().request('/on-this-day/03-14')).text();
    expect(html).toContain('<h1>On this day: 14 March</h1>');
    expect(html.indexOf('<h2 id="year-2021">2021</h2>')).toBeLessThan(html.indexOf('<h2 id="year-2020">2020</h2>'));
    expect(html).toContain('Spring came early');
    expect(html).toContain('Late night on the fourteenth');
    expect(html).not.toContain('Published on the fifteenth');
    expect((await app().request('/on-this-day/02-30')).status).toBe(404);
    expect((await app().request('/on-this-day')).status).toBe(200);
  });

  it('generates a searchable archive with a print issue a week', async () => {
    const { services, database } = fixture();
    const progress: number[] = [];
    const result = await generateArchive(database.db, { count: 3000, timeZone: 'Europe/London', onProgress: (n) => progress.push(n) });
    expect(result.printIssues).toBe(41);
    expect(progress.at(-1)).toBe(3000);
    expect(await services.articles.countPublished({ printIssueNumber: 1 })).toBeGreaterThan(10);
    const r = await services.search.search({ q: 'government' });
    expect(r.hits.length).toBe(20);
    // Every hit of the page comes with its matched words marked, wherever its id lies among the matches.
    for (const hit of r.hits) expect(hit.marked.headline + hit.marked.snippet + hit.marked.standfirst, hit.headline).toContain('\u0001');
    await expect(generateArchive(database.db, { count: 10, timeZone: 'Europe/London' })).rejects.toThrow(/already there/);
  });

  it('ranks only the newest matches of a common word and narrows filtered searches over the archive', async () => {
    const { services, database } = fixture();
    // The generator's most common subject word, in about half of its articles.
    const common = await services.search.search({ q: 'government' });
    expect(common).toMatchObject({ total: CANDIDATE_CAP, moreThanTotal: true, pageCount: CANDIDATE_CAP / 20 });
    expect(common.hits).toHaveLength(20);
    expect(await (await app().request('/search?q=government')).text()).toContain('More than 1,000 articles match');

    const issue = await database.db.selectFrom('print_issues').select('id').where('number', '=', 3).executeTakeFirstOrThrow();
    const inIssue = (await database.db.selectFrom('articles').select('id').where('print_issue_id', '=', issue.id).execute()).map((r) => r.id);
    const byIssue = await services.search.search({ q: 'government', issue: '3' });
    expect(byIssue.total).toBeGreaterThan(0);
    expect(byIssue.total).toBeLessThanOrEqual(inIssue.length);
    expect(byIssue.hits.every((h) => inIssue.includes(h.id))).toBe(true);

    const first = await database.db.selectFrom('print_issues').select('issue_date').where('number', '=', 10).executeTakeFirstOrThrow();
    const from = first.issue_date;
    const to = new Date(Date.parse(`${from}T00:00:00Z`) + 28 * 86_400_000).toISOString().slice(0, 10);
    const dated = await services.search.search({ q: 'government', from, to, section: 'world', sort: 'date' });
    expect(dated.hits.length).toBeGreaterThan(0);
    const times = dated.hits.map((h) => h.publishedAt);
    expect(times.every((t) => t >= `${from}T00:00` && t < `${to}T23:59:59.999Z`)).toBe(true);
    expect(dated.hits.every((h) => h.section.slug === 'world')).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe.skipIf(!postgresUrl)('search planning [postgres]', () => {
  it('plans each search for its words, so a common word is never given the plan of a rare one', async () => {
    const test = await createPostgresDatabase();
    try {
      await seedNewsroom(test.services);
      await publishedArticle(test.services, { headline: 'The government falls' });
      const index = fullTextFor(test.database.dialect);
      const planned = await test.database.db.connection().execute(async (connection) => {
        for (const q of ['government', 'dirigible', 'government', 'dirigible', 'government', 'dirigible', 'government'])
          await index.rankedPage(connection, parseQuery(q), {}, { order: 'relevance', cap: CANDIDATE_CAP, limit: 20, offset: 0 });
        const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements where statement like '%document @@%'`.execute(connection);
        return rows.map((r) => r.statement);
      });
      expect(planned).toEqual([]);
    } finally {
      await test.close();
    }
  });

  it('finds the newest matches a window of ids at a time, exactly those one walk over every id finds, ranked and dated as SQL orders them', async () => {
    const test = await createPostgresDatabase();
    try {
      const { db } = test.database;
      await seedNewsroom(test.services);
      await generateArchive(db, { count: 1500, timeZone: 'Europe/London' });
      // As autovacuum would after a bulk load: the words' frequencies the first window is sized by.
      await sql`ANALYZE article_search`.execute(db);
      // 8 ids at first, so each search walks several windows over 1,500 articles; and the first window sized by the words' frequencies.
      const engines = { 'windows of 8 ids': postgresFullTextIndex(8), 'windows by frequency': postgresFullTextIndex() };
      const cap = 200;
      // A phrase from an older article's headline: a rarer match, found only by widening the windows.
      const older = await db.selectFrom('articles').select('headline').where('id', '=', 700).executeTakeFirstOrThrow();
      const phrase = `"${older.headline.split(' ').slice(0, 2).join(' ')}"`;
      // And a phrase of two words found side by side in many bodies, looked up by its word pairs.
      const { rows: common } = await sql<{ pair: string }>`SELECT a.lexeme || ' ' || b.lexeme AS pair
        FROM article_search s, unnest(s.document) a, unnest(a.positions) ap, unnest(s.document) b, unnest(b.positions) bp
        WHERE bp = ap + 1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(db);
      const frequent = `"${common[0]!.pair}"`;
      // A word in about a tenth of the articles, whose windows are read from its postings with no plain index scan planned.
      const { rows: middling } = await sql<{ word: string }>`SELECT e AS word FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f)
        WHERE tablename = 'article_search' AND attname = 'document' AND f BETWEEN 0.06 AND 0.15 AND tsvector_to_array(to_tsvector('english', e)) = ARRAY[e]
        ORDER BY f DESC, e LIMIT 1`.execute(db);
      const queries = [['government'], ['minister'], [phrase], [frequent], [middling[0]!.word], ['government -minister'], ['government minister'], ['dirigible'], ['government', [300, 900]]] as Array<[string, [number, number]?]>;
      for (const [name, windowed] of Object.entries(engines))
        for (const [q, range] of queries) {
          const parsed = parseQuery(q);
          const label = `${name}: ${q}`;
          const within = range ? sql`AND article_id BETWEEN ${range[0]} AND ${range[1]}` : sql``;
          const newest = sql<{ id: number }>`SELECT article_id AS id FROM article_search WHERE document @@ ${tsQuery(parsed)} ${within} ORDER BY article_id DESC LIMIT ${cap}`;
          const { rows } = await newest.execute(db);
          const page = await windowed.rankedPage(db, parsed, range ? { range } : {}, { order: 'date', cap, limit: cap, offset: 0 });
          expect(page.candidates, label).toBe(rows.length);
          expect([...page.ids].sort((a, b) => b - a), label).toEqual(rows.map((r) => r.id));
          if (q === 'dirigible') {
            expect(rows, label).toEqual([]);
            continue;
          }
          expect(rows.length, label).toBeGreaterThan(0);
          // A page further on, in each order, is the one SQL gives ordering the same candidates.
          const ranked = await sql<{ id: number }>`SELECT s.article_id AS id FROM article_search s WHERE s.article_id IN (${newest})
            ORDER BY ts_rank(s.document, ${tsQuery({ ...parsed, excluded: [] })}) DESC, s.article_id DESC LIMIT 20 OFFSET 20`.execute(db);
          const byRank = await windowed.rankedPage(db, parsed, range ? { range } : {}, { order: 'relevance', cap, limit: 20, offset: 20 });
          expect(byRank.ids, label).toEqual(ranked.rows.map((r) => r.id));
          const dated = await sql<{ id: number }>`SELECT a.id FROM articles a WHERE a.id IN (${newest}) ORDER BY a.published_at DESC, a.id DESC LIMIT 20 OFFSET 20`.execute(db);
          const byDate = await windowed.rankedPage(db, parsed, range ? { range } : {}, { order: 'date', cap, limit: 20, offset: 20 });
          expect(byDate.ids, label).toEqual(dated.rows.map((r) => r.id));
        }
    } finally {
      await test.close();
    }
  });
});
