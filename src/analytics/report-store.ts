import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { articlePath } from '../content/article-store.js';
import type { DB } from '../db/schema.js';
import { dayFromNumber, dayNumber, type DayRange } from './days.js';

/**
 * The queries behind the analytics reports. Figures come from two places with one shape of
 * "cell" (path × source → views, visitors): the rollups for completed days, and the raw views
 * of one day's window, grouped the same way, for days not rolled up yet (today).
 */

/** Where cells are read from: rolled-up days, or one day's raw views (Unix seconds [start, end)). */
export type CellPart = { rollup: DayRange } | { raw: { day: string; start: number; end: number } };

/** What cells are summed by. */
export type CellKey = 'article' | 'source' | 'topic' | 'author' | 'day';

export interface CellFilter {
  articleId?: number;
  authorId?: number;
}

export interface Figures {
  views: number;
  visitors: number;
}

/** `day` is a day number (see dayNumber), as the rollups store it. */
type Cell = { day: number; path_id: number; source_id: number; views: number; visitors: number };

function cells(db: Kysely<DB>, part: CellPart): SelectQueryBuilder<DB, never, Cell> {
  if ('rollup' in part) {
    return db
      .selectFrom('analytics_daily')
      .where('day', '>=', dayNumber(part.rollup.from))
      .where('day', '<=', dayNumber(part.rollup.to))
      .select(['day', 'path_id', 'source_id', 'views', 'visitors'])
      .$castTo<Cell>() as unknown as SelectQueryBuilder<DB, never, Cell>;
  }
  const { day, start, end } = part.raw;
  return db
    .selectFrom('analytics_views')
    .where('at', '>=', start)
    .where('at', '<', end)
    .select((eb) => [sql<number>`${sql.lit(dayNumber(day))}`.as('day'), 'path_id', 'source_id', eb.fn.countAll<number>().as('views'), eb.fn.count<number>('visitor').distinct().as('visitors')])
    .groupBy(['path_id', 'source_id'])
    .$castTo<Cell>() as unknown as SelectQueryBuilder<DB, never, Cell>;
}

/** Views and visitors (summed over cells) per `key`, from one part. Keys are ids, source names or days. */
export async function sumCells(db: Kysely<DB>, part: CellPart, key: CellKey, filter: CellFilter = {}): Promise<Array<Figures & { key: string | number }>> {
  // Kysely cannot follow joins onto a subquery of a loosely built shape; the columns are named plainly here.
  let query = (db.selectFrom(cells(db, part).as('c')) as unknown as SelectQueryBuilder<any, any, any>).innerJoin('analytics_paths as p', 'p.id', 'c.path_id');
  if (key === 'article' || key === 'topic' || key === 'author') query = query.where('p.article_id', 'is not', null);
  if (filter.articleId !== undefined) query = query.where('p.article_id', '=', filter.articleId);
  if (filter.authorId !== undefined) {
    query = query.where((eb: any) => eb.exists(eb.selectFrom('article_authors as fa').select('fa.article_id').whereRef('fa.article_id', '=', 'p.article_id').where('fa.author_id', '=', filter.authorId)));
  }
  let column: string;
  if (key === 'article') column = 'p.article_id';
  else if (key === 'day') column = 'c.day';
  else if (key === 'source') {
    query = query.innerJoin('analytics_sources as s', 's.id', 'c.source_id');
    column = 's.name';
  } else if (key === 'topic') {
    query = query.innerJoin('article_topics as t', 't.article_id', 'p.article_id');
    column = 't.topic_id';
  } else {
    query = query.innerJoin('article_authors as a', 'a.article_id', 'p.article_id');
    column = 'a.author_id';
  }
  const rows = (await query
    .select((eb: any) => [sql.ref(column).as('key'), eb.fn.sum('c.views').as('views'), eb.fn.sum('c.visitors').as('visitors')])
    .groupBy(column)
    .execute()) as Array<{ key: string | number; views: unknown; visitors: unknown }>;
  // PostgreSQL sums of counts arrive as numeric strings.
  return rows.map((row) => ({ key: key === 'day' ? dayFromNumber(Number(row.key)) : row.key, views: Number(row.views), visitors: Number(row.visitors) }));
}

/** Site-wide views and distinct visitors: from the rolled-up days' own rows, or counted from one raw window. */
export async function siteFigures(db: Kysely<DB>, part: CellPart): Promise<Figures> {
  if ('rollup' in part) {
    const row = await db
      .selectFrom('analytics_days')
      .where('day', '>=', part.rollup.from)
      .where('day', '<=', part.rollup.to)
      .select((eb) => [eb.fn.sum<number>('views').as('views'), eb.fn.sum<number>('visitors').as('visitors')])
      .executeTakeFirst();
    return { views: Number(row?.views ?? 0), visitors: Number(row?.visitors ?? 0) };
  }
  const row = await db
    .selectFrom('analytics_views')
    .where('at', '>=', part.raw.start)
    .where('at', '<', part.raw.end)
    .select((eb) => [eb.fn.countAll<number>().as('views'), eb.fn.count<number>('visitor').distinct().as('visitors')])
    .executeTakeFirstOrThrow();
  return { views: Number(row.views), visitors: Number(row.visitors) };
}

/** The last day rolled up (rollups go in order, so every earlier day is too), if any. */
export async function lastRolledDay(db: Kysely<DB>): Promise<string | undefined> {
  const row = await db.selectFrom('analytics_days').select((eb) => eb.fn.max('day').as('day')).executeTakeFirst();
  return row?.day ?? undefined;
}

/** When the oldest raw view kept was counted (Unix seconds), if any. */
export async function oldestRawView(db: Kysely<DB>): Promise<number | undefined> {
  const row = await db.selectFrom('analytics_views').select((eb) => eb.fn.min('at').as('at')).executeTakeFirst();
  return row?.at == null ? undefined : Number(row.at);
}

/** Distinct visitors counted since `since` (Unix seconds). */
export async function visitorsSince(db: Kysely<DB>, since: number): Promise<number> {
  const row = await db
    .selectFrom('analytics_views')
    .where('at', '>=', since)
    .select((eb) => eb.fn.count<number>('visitor').distinct().as('visitors'))
    .executeTakeFirstOrThrow();
  return Number(row.visitors);
}

export interface ArticleLabel {
  articleId: number;
  headline: string;
  path: string;
  firstPublishedAt: string | null;
}

/** Headlines and current paths of articles, by id (published or not: a report names what was read). */
export async function articleLabels(db: Kysely<DB>, ids: number[]): Promise<Map<number, ArticleLabel>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .where('articles.id', 'in', ids)
    .select(['articles.id', 'articles.headline', 'articles.slug', 'articles.url_month', 'articles.first_published_at', 'sections.slug as section_slug'])
    .execute();
  return new Map(
    rows.map((row) => [row.id, { articleId: row.id, headline: row.headline, path: articlePath(row.section_slug, row.url_month, row.slug), firstPublishedAt: row.first_published_at }]),
  );
}

/** Names and slugs of topics or authors, by id. */
export async function namedLabels(db: Kysely<DB>, table: 'topics' | 'authors', ids: number[]): Promise<Map<number, { name: string; slug: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom(table).where('id', 'in', ids).select(['id', 'name', 'slug']).execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, slug: row.slug }]));
}

/**
 * Views per published article (not partner content) in the hours from the one holding `since`
 * (Unix seconds), with its section: what the "Most read" rail ranks. Read from the hourly
 * counts (a row per page and hour), never the raw views.
 */
export async function recentArticleViews(db: Kysely<DB>, since: number): Promise<Array<{ articleId: number; sectionId: number; views: number }>> {
  const rows = await db
    .selectFrom('analytics_hourly as h')
    .innerJoin('analytics_paths as p', 'p.id', 'h.path_id')
    .innerJoin('articles as a', 'a.id', 'p.article_id')
    .where('h.hour', '>=', Math.floor(since / 3600))
    .where('a.status', '=', 'published')
    .where('a.sponsor', 'is', null)
    .select((eb) => ['a.id', 'a.section_id', eb.fn.sum<number>('h.views').as('views')])
    .groupBy(['a.id', 'a.section_id'])
    .execute();
  return rows.map((row) => ({ articleId: row.id, sectionId: row.section_id, views: Number(row.views) }));
}
