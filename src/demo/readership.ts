import type { Kysely } from 'kysely';
import { sourceKey, viewStore, type ViewRows } from '../analytics/view-store.js';
import type { DB } from '../db/schema.js';
import { prng } from './archive-words.js';

/** Days of reading before now the demo's analytics show. */
const DAYS = 14;
/** Page views on an ordinary weekday near the end of those days: a small magazine's. */
const WEEKDAY_VIEWS = 1800;
/** Share of each hour (UTC) in a day's reading: a morning peak, lunch, and the evening. */
const HOURS = [2, 1, 1, 1, 1, 2, 4, 7, 9, 7, 6, 6, 7, 6, 5, 5, 5, 6, 7, 8, 8, 6, 4, 3];
/** 0 desktop, 1 phone, 2 tablet (the counter's classes), weighted. */
const DEVICES: Array<[number, number]> = [
  [0, 38],
  [1, 55],
  [2, 7],
];
/** Where readers come from, weighted: direct, search engines, social sites, and the newsletters' links. */
const SOURCES: Array<[{ referrerHost: string; utmSource: string; utmMedium: string; utmCampaign: string }, number]> = [
  [{ referrerHost: '', utmSource: '', utmMedium: '', utmCampaign: '' }, 40],
  [{ referrerHost: 'www.google.com', utmSource: '', utmMedium: '', utmCampaign: '' }, 22],
  [{ referrerHost: 'duckduckgo.com', utmSource: '', utmMedium: '', utmCampaign: '' }, 5],
  [{ referrerHost: 'www.bing.com', utmSource: '', utmMedium: '', utmCampaign: '' }, 3],
  [{ referrerHost: 'mastodon.social', utmSource: '', utmMedium: '', utmCampaign: '' }, 6],
  [{ referrerHost: 'bsky.app', utmSource: '', utmMedium: '', utmCampaign: '' }, 5],
  [{ referrerHost: 'www.reddit.com', utmSource: '', utmMedium: '', utmCampaign: '' }, 4],
  [{ referrerHost: '', utmSource: 'morning-briefing', utmMedium: 'email', utmCampaign: '' }, 9],
  [{ referrerHost: '', utmSource: 'world-dispatch', utmMedium: 'email', utmCampaign: '' }, 4],
  [{ referrerHost: '', utmSource: 'green-ledger', utmMedium: 'email', utmCampaign: '' }, 2],
];

/** Picks from weighted choices with `random`. */
function weighted<T>(choices: Array<[T, number]>, random: () => number): () => T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  return () => {
    let left = random() * total;
    for (const [choice, w] of choices) if ((left -= w) < 0) return choice;
    return choices.at(-1)![0];
  };
}

/**
 * Two weeks of made-up reading of the demo magazine, written as the counter writes real views
 * (raw views and hourly counts; the server's rollup job makes the daily rollups at start), so
 * that a newsroom trying Broadsheet finds Analytics and "Most read" with something in them.
 * Newer articles are read more, weekends less, and nothing before it was published. The
 * visitor ids are random numbers, as the real ones are hashes. Run once, on a demo just loaded.
 *
 * @example await loadDemoReadership(db, new Date()) // 23814
 */
export async function loadDemoReadership(db: Kysely<DB>, now: Date): Promise<number> {
  const store = viewStore(db);
  const published = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now.toISOString())
    .orderBy('articles.published_at', 'desc')
    .select(['sections.slug as section', 'articles.url_month', 'articles.slug', 'articles.published_at'])
    .execute();
  const sections = [...new Set(published.map((a) => a.section))];
  const pages = [
    // The newest read most, falling off the way readership does (by rank, not age: the demo's dates are fixed).
    ...published.map((a, rank) => ({ path: `/${a.section}/${a.url_month}/${a.slug}`, kind: 'article', from: Date.parse(a.published_at!) / 1000, weight: 100 / (rank + 2) ** 0.9 })),
    { path: '/', kind: 'front', from: 0, weight: 40 },
    ...sections.map((section) => ({ path: `/${section}`, kind: 'section-or-page', from: 0, weight: 3 })),
  ];
  const pathIds = await store.pathIds(pages.map(({ path, kind }) => ({ path, kind })));
  const sourceIds = await store.sourceIds(SOURCES.map(([source]) => sourceKey(source)));

  // Seeded: the demo reads the same on every machine.
  const random = prng(20261204);
  const pickPage = weighted(
    pages.map((page) => [page, page.weight]),
    random,
  );
  const pickSource = weighted(
    SOURCES.map(([source, w]) => [sourceIds.get(sourceKey(source))!, w]),
    random,
  );
  const pickDevice = weighted(DEVICES, random);
  const hourShare = HOURS.reduce((sum, h) => sum + h, 0);

  const rows: ViewRows = [];
  const end = Math.floor(now.getTime() / 1000);
  // From midnight (UTC) fourteen days back: whole days in the charts.
  const firstHour = (Math.floor(end / 86_400) - DAYS) * 24;
  let visitors: number[] = [];
  for (let hour = firstHour; hour * 3600 < end; hour++) {
    const date = new Date(hour * 3600_000);
    // Readers come back within a day; each day's are new ones (as with a daily salt).
    if (date.getUTCHours() === 0 || !visitors.length) visitors = Array.from({ length: 1200 }, () => Math.floor(random() * 2 ** 48));
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    const growth = 0.8 + (0.2 * (hour - firstHour)) / (DAYS * 24);
    const views = Math.round((WEEKDAY_VIEWS * (weekend ? 0.65 : 1) * growth * HOURS[date.getUTCHours()]!) / hourShare);
    for (let i = 0; i < views; i++) {
      const at = hour * 3600 + Math.floor(random() * 3600);
      if (at >= end) continue;
      // An article not yet out then: another page is read instead.
      let page = pickPage();
      while (at < page.from) page = pickPage();
      const pathId = pathIds.get(page.path);
      if (pathId == null) continue;
      rows.push(at, pathId, pickSource(), pickDevice(), visitors[Math.floor(random() * visitors.length)]!);
    }
  }
  await store.insertRows(rows);
  return rows.length / 5;
}
