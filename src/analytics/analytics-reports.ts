import type { Database } from '../db/connection.js';
import { addDays, dayOf, dayWindow, eachDay, previousRange, type DayRange } from './days.js';
import {
  articleLabels,
  lastRolledDay,
  namedLabels,
  oldestRawView,
  siteFigures,
  sumCells,
  visitorsSince,
  type CellFilter,
  type CellKey,
  type CellPart,
  type Figures,
} from './report-store.js';

export type { DayRange } from './days.js';
export type { Figures } from './report-store.js';

export interface ArticleFigures extends Figures {
  articleId: number;
  headline: string;
  /** The article's current URL path. */
  path: string;
}

export interface SourceFigures extends Figures {
  /** The UTM source, else the referrer's host; null for direct visits (no referrer, no UTM). */
  source: string | null;
}

export interface NamedFigures extends Figures {
  id: number;
  name: string;
  slug: string;
}

export interface DayFigures extends Figures {
  /** YYYY-MM-DD in the site's time zone. */
  day: string;
}

/**
 * What was read, and where readers came from, for the newsroom's pages, the "Most read" rail
 * and the command line. Ranges are calendar days in the site's time zone; completed days are
 * read from the rollups and days not rolled up yet (today) from the raw views.
 *
 * Visitors are counted per day (the salt changes daily, so nobody can be followed across days):
 * a range's visitors are the sum of its days' visitors, and an article's or a source's are
 * summed over its day × path × source cells.
 *
 * Roles are not checked here: the pages that show these figures decide who sees what.
 *
 * @example const reports = analyticsReports(database, { timeZone: 'Europe/London' });
 *          await reports.topArticles(reports.lastDays(7), 10)
 */
export function analyticsReports(database: Database, { timeZone, now = () => new Date() }: { timeZone: string; now?: () => Date }) {
  const { db } = database;
  const today = () => dayOf(now(), timeZone);

  /** The parts a range is read from: one rollup part and a raw part per day not rolled up. */
  async function partsOf(range: DayRange): Promise<CellPart[]> {
    const parts: CellPart[] = [];
    const rolled = await lastRolledDay(db);
    if (rolled && range.from <= rolled) parts.push({ rollup: { from: range.from, to: range.to < rolled ? range.to : rolled } });
    const oldest = await oldestRawView(db);
    if (oldest === undefined) return parts;
    let from = rolled && addDays(rolled, 1) > range.from ? addDays(rolled, 1) : range.from;
    const firstRaw = dayOf(new Date(oldest * 1000), timeZone);
    if (firstRaw > from) from = firstRaw;
    const last = range.to < today() ? range.to : today();
    if (from <= last) for (const day of eachDay({ from, to: last })) parts.push({ raw: { day, ...dayWindow(day, timeZone) } });
    return parts;
  }

  async function summed(range: DayRange, key: CellKey, filter?: CellFilter): Promise<Map<string | number, Figures>> {
    const totals = new Map<string | number, Figures>();
    for (const part of await partsOf(range)) {
      for (const row of await sumCells(db, part, key, filter)) {
        const seen = totals.get(row.key);
        if (seen) {
          seen.views += row.views;
          seen.visitors += row.visitors;
        } else totals.set(row.key, { views: row.views, visitors: row.visitors });
      }
    }
    return totals;
  }

  function ranked(totals: Map<string | number, Figures>, limit: number) {
    return [...totals].sort(([ka, a], [kb, b]) => b.views - a.views || b.visitors - a.visitors || String(ka).localeCompare(String(kb))).slice(0, limit);
  }

  async function siteTotals(range: DayRange): Promise<Figures> {
    const total = { views: 0, visitors: 0 };
    for (const part of await partsOf(range)) {
      const figures = await siteFigures(db, part);
      total.views += figures.views;
      total.visitors += figures.visitors;
    }
    return total;
  }

  /** Yesterday's figures up to the time of day it is now (raw views: yesterday's are kept 30 days). */
  function yesterdayUntilNow(day: string): Promise<Figures> {
    const yesterday = addDays(day, -1);
    const { start } = dayWindow(yesterday, timeZone);
    const elapsed = Math.floor(now().getTime() / 1000) - dayWindow(day, timeZone).start;
    return siteFigures(db, { raw: { day: yesterday, start, end: start + elapsed } });
  }

  async function named(table: 'topics' | 'authors', key: 'topic' | 'author', range: DayRange, limit: number): Promise<NamedFigures[]> {
    const top = ranked(await summed(range, key), limit);
    const labels = await namedLabels(db, table, top.map(([id]) => Number(id)));
    return top.flatMap(([id, figures]) => {
      const label = labels.get(Number(id));
      return label ? [{ id: Number(id), ...label, ...figures }] : [];
    });
  }

  return {
    /** Today in the site's time zone (YYYY-MM-DD). */
    today,

    /** The `count` days ending today: lastDays(1) is today, lastDays(7) the last 7 days. */
    lastDays(count: number): DayRange {
      return { from: addDays(today(), 1 - count), to: today() };
    },

    /** Distinct visitors in the last 5 minutes (views still in a server's batch, a few seconds' worth, not yet). */
    visitorsNow(): Promise<number> {
      return visitorsSince(db, Math.floor(now().getTime() / 1000) - 300);
    },

    /**
     * Site-wide views and visitors in `range`, and in the range of the same length before it;
     * today alone against yesterday up to the same time of day (a morning against a whole day
     * would read as a fall every day).
     */
    async totals(range: DayRange): Promise<Figures & { previous: Figures }> {
      const day = today();
      const soFar = range.from === day && range.to === day;
      const [current, previous] = await Promise.all([siteTotals(range), soFar ? yesterdayUntilNow(day) : siteTotals(previousRange(range))]);
      return { ...current, previous };
    },

    /** The most-viewed articles in `range`; with `authorId`, only that author's. */
    async topArticles(range: DayRange, limit = 10, authorId?: number): Promise<ArticleFigures[]> {
      const top = ranked(await summed(range, 'article', authorId === undefined ? {} : { authorId }), limit);
      const labels = await articleLabels(db, top.map(([id]) => Number(id)));
      return top.flatMap(([id, figures]) => {
        const label = labels.get(Number(id));
        return label ? [{ articleId: label.articleId, headline: label.headline, path: label.path, ...figures }] : [];
      });
    },

    /** Where views came from in `range`, most first. */
    async topSources(range: DayRange, limit = 10): Promise<SourceFigures[]> {
      return ranked(await summed(range, 'source'), limit).map(([name, figures]) => ({ source: name === '' ? null : String(name), ...figures }));
    },

    /** Topics by the views of their articles in `range`. */
    topTopics: (range: DayRange, limit = 10) => named('topics', 'topic', range, limit),

    /** Authors by the views of their articles in `range`. */
    topAuthors: (range: DayRange, limit = 10) => named('authors', 'author', range, limit),

    /** An article's views and visitors per day, from its first publication (or its first view, if earlier) to today; days without views are zeros. */
    async articleSeries(articleId: number): Promise<DayFigures[]> {
      const label = (await articleLabels(db, [articleId])).get(articleId);
      if (!label) return [];
      const published = label.firstPublishedAt ? dayOf(new Date(label.firstPublishedAt), timeZone) : today();
      const all = await summed({ from: '0000-01-01', to: today() }, 'day', { articleId });
      const first = [published, ...[...all.keys()].map(String)].sort()[0]!;
      return eachDay({ from: first, to: today() }).map((day) => ({ day, ...(all.get(day) ?? { views: 0, visitors: 0 }) }));
    },

    /** Where an article's readers came from, over `range` (default: all the days counted). */
    async articleSources(articleId: number, range: DayRange = { from: '0000-01-01', to: today() }): Promise<SourceFigures[]> {
      return ranked(await summed(range, 'source', { articleId }), Number.MAX_SAFE_INTEGER).map(([name, figures]) => ({ source: name === '' ? null : String(name), ...figures }));
    },
  };
}

export type AnalyticsReports = ReturnType<typeof analyticsReports>;
