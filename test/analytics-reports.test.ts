import { describe, expect, it } from 'vitest';
import { analyticsReports } from '../src/analytics/analytics-reports.js';
import { addDays, dayFromNumber, dayNumber, lastDays, previousRange } from '../src/analytics/days.js';
import { analyticsRollup } from '../src/analytics/rollup.js';
import { sourceKey, viewStore } from '../src/analytics/view-store.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const timeZone = 'Europe/London';
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('analytics days', () => {
  it('a range of days and the one before it', () => {
    expect(lastDays(7, '2026-12-03')).toEqual({ from: '2026-11-27', to: '2026-12-03' });
    expect(previousRange({ from: '2026-11-27', to: '2026-12-03' })).toEqual({ from: '2026-11-20', to: '2026-11-26' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    // Rollups store a day as days since 1970-01-01.
    expect(dayNumber('2026-12-03')).toBe(20_790);
    expect(dayFromNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });
});

describeEachDatabase('analytics reports, rollups and retention', (fixture) => {
  it('reads the same figures from raw views and from their rollups, and keeps rollups after raw views go', async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    const first = await publishedArticle(services, { headline: 'Harbour strike ends', authors: ['ada-reporter'], topics: ['russia'] }, { publishedAt: '2026-11-29T09:00:00.000Z' });
    const second = await publishedArticle(services, { headline: 'Election night', section: 'politics', authors: ['ben-writer'], topics: ['elections'] }, { publishedAt: '2026-11-30T09:00:00.000Z' });
    const store = viewStore(database.db);
    const paths = await store.pathIds([
      { path: first.path, kind: 'article' },
      { path: second.path, kind: 'article' },
      { path: '/', kind: 'front' },
      { path: '/politics', kind: 'section-or-page' },
    ]);
    const direct = { referrerHost: '', utmSource: '', utmMedium: '', utmCampaign: '' };
    const social = { referrerHost: 'social.example', utmSource: '', utmMedium: '', utmCampaign: '' };
    const letter = { referrerHost: '', utmSource: 'newsletter', utmMedium: 'email', utmCampaign: 'daily' };
    const sources = await store.sourceIds([direct, social, letter].map(sourceKey));
    const view = (at: string, path: string, source: typeof direct, visitor: number | null, device = 0) => ({
      at: seconds(at),
      path_id: paths.get(path)!,
      source_id: sources.get(sourceKey(source))!,
      device,
      visitor,
    });
    await store.insertViews([
      // 30 November: the first article read three times by two visitors, once without a visitor id (DNT).
      view('2026-11-30T08:00:00Z', first.path, direct, 1),
      view('2026-11-30T09:00:00Z', first.path, direct, 1),
      view('2026-11-30T10:00:00Z', first.path, social, 2, 1),
      view('2026-11-30T11:00:00Z', first.path, social, null, 1),
      view('2026-11-30T12:00:00Z', '/', direct, 1),
      // 1 December: the second article from the newsletter; just before London's midnight counts on the 1st.
      view('2026-12-01T09:00:00Z', second.path, letter, 3, 2),
      view('2026-12-01T23:59:59Z', second.path, letter, 4),
      view('2026-12-01T23:30:00Z', '/politics', direct, 4),
      // 2 December (today): one of each.
      view('2026-12-02T08:00:00Z', first.path, direct, 5),
      view('2026-12-02T08:30:00Z', second.path, social, 5),
    ]);

    const now = () => new Date('2026-12-02T12:00:00Z');
    const reports = analyticsReports(database, { timeZone, now });
    const range = reports.lastDays(3);
    const read = async () => ({
      totals: await reports.totals(range),
      articles: await reports.topArticles(range, 10),
      adas: await reports.topArticles(range, 10, first.authors[0]!.id),
      sources: await reports.topSources(range),
      topics: await reports.topTopics(range),
      authors: await reports.topAuthors(range),
      series: await reports.articleSeries(first.id),
      articleSources: await reports.articleSources(second.id),
    });

    const fromRaw = await read();
    expect(fromRaw.totals).toEqual({ views: 10, visitors: 5, previous: { views: 0, visitors: 0 } });
    // Today so far (to noon) against yesterday to noon: its 09:00 view, not its late-evening ones.
    const todaySoFar = { views: 2, visitors: 1, previous: { views: 1, visitors: 1 } };
    expect(await reports.totals(reports.lastDays(1))).toEqual(todaySoFar);
    expect(fromRaw.articles).toEqual([
      { articleId: first.id, headline: 'Harbour strike ends', path: first.path, views: 5, visitors: 3 },
      { articleId: second.id, headline: 'Election night', path: second.path, views: 3, visitors: 3 },
    ]);
    expect(fromRaw.adas.map((a) => a.articleId)).toEqual([first.id]);
    expect(fromRaw.sources).toEqual([
      { source: null, views: 5, visitors: 4 },
      { source: 'social.example', views: 3, visitors: 2 },
      { source: 'newsletter', views: 2, visitors: 2 },
    ]);
    expect(fromRaw.topics.map((t) => [t.slug, t.views])).toEqual([
      ['russia', 5],
      ['elections', 3],
    ]);
    expect(fromRaw.authors.map((a) => [a.name, a.views])).toEqual([
      ['Ada Reporter', 5],
      ['Ben Writer', 3],
    ]);
    expect(fromRaw.series).toEqual([
      { day: '2026-11-29', views: 0, visitors: 0 },
      { day: '2026-11-30', views: 4, visitors: 2 },
      { day: '2026-12-01', views: 0, visitors: 0 },
      { day: '2026-12-02', views: 1, visitors: 1 },
    ]);
    expect(fromRaw.articleSources).toEqual([
      { source: 'newsletter', views: 2, visitors: 2 },
      { source: 'social.example', views: 1, visitors: 1 },
    ]);

    const rollup = analyticsRollup(database, { timeZone, now });
    expect(await rollup.run()).toEqual({ rolledUp: ['2026-11-30', '2026-12-01'], deleted: 0 });
    expect(await database.db.selectFrom('analytics_days').select(['day', 'views', 'visitors', 'desktop_views', 'phone_views', 'tablet_views']).orderBy('day').execute()).toEqual([
      { day: '2026-11-30', views: 5, visitors: 2, desktop_views: 3, phone_views: 2, tablet_views: 0 },
      { day: '2026-12-01', views: 3, visitors: 2, desktop_views: 2, phone_views: 0, tablet_views: 1 },
    ]);
    // The rollups give every figure the raw views gave, except that a page's source of a single view
    // that day is folded into "Other sources": the front's and the politics page's one direct view each.
    const rolled = await read();
    expect({ ...rolled, sources: fromRaw.sources }).toEqual(fromRaw);
    expect(await reports.totals(reports.lastDays(1))).toEqual(todaySoFar);
    expect(rolled.sources).toEqual([
      { source: null, views: 3, visitors: 2 },
      { source: 'social.example', views: 3, visitors: 2 },
      { source: 'newsletter', views: 2, visitors: 2 },
      { source: 'Other sources', views: 2, visitors: 2 },
    ]);
    expect(rolled.sources.reduce((sum, s) => sum + s.views, 0)).toBe(fromRaw.totals.views);
    const cells = await database.db
      .selectFrom('analytics_daily as d')
      .innerJoin('analytics_paths as p', 'p.id', 'd.path_id')
      .innerJoin('analytics_sources as s', 's.id', 'd.source_id')
      .select(['d.day', 'p.path', 's.name', 'd.views', 'd.visitors'])
      .orderBy('d.day')
      .orderBy('p.path')
      .orderBy('s.name')
      .execute();
    expect(cells).toEqual([
      { day: dayNumber('2026-11-30'), path: '/', name: 'Other sources', views: 1, visitors: 1 },
      { day: dayNumber('2026-11-30'), path: first.path, name: '', views: 2, visitors: 1 },
      { day: dayNumber('2026-11-30'), path: first.path, name: 'social.example', views: 2, visitors: 1 },
      { day: dayNumber('2026-12-01'), path: '/politics', name: 'Other sources', views: 1, visitors: 1 },
      { day: dayNumber('2026-12-01'), path: second.path, name: 'newsletter', views: 2, visitors: 2 },
    ]);
    // Rolling up again changes nothing.
    expect(await rollup.run()).toEqual({ rolledUp: [], deleted: 0 });
    expect(await read()).toEqual(rolled);

    // 40 days on: the raw views of 30 November to 2 December are past their 30 days; their rollups remain.
    const later = () => new Date('2027-01-11T12:00:00Z');
    expect(await analyticsRollup(database, { timeZone, now: later }).run()).toMatchObject({ deleted: 10 });
    expect(await database.db.selectFrom('analytics_views').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 0 });
    const laterReports = analyticsReports(database, { timeZone, now: later });
    expect(await laterReports.topArticles({ from: '2026-11-30', to: '2026-12-02' })).toEqual(fromRaw.articles);
    expect((await laterReports.totals({ from: '2026-11-30', to: '2026-12-02' })).views).toBe(10);
  });
});
