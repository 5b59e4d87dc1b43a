import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { articlePath } from './article-store.js';
import type { PrintIssue } from './taxonomy.js';

export interface MonthCount {
  /** 'YYYY/MM', the URL month. */
  month: string;
  count: number;
  /** When an article in the month last changed, for sitemap lastmod. */
  changedAt: string;
}

export interface YearCount {
  year: string;
  count: number;
  months: MonthCount[];
}

export interface ArticleUrl {
  path: string;
  updatedAt: string;
}

const PUBLISHED = 'published';

/**
 * Counts and URL lists for the archive and the sitemaps. Counts come from
 * `archive_months` (one row per month, kept by triggers: migration 008), so a
 * century costs at most 1,200 rows; lists read the (status, url_month,
 * published_at) index. No request loads or counts every article.
 */
export function archiveService(db: Kysely<DB>) {
  async function monthCounts(from?: string, to?: string): Promise<MonthCount[]> {
    let q = db.selectFrom('archive_months').select(['url_month', 'published', 'changed_at']).where('published', '>', 0);
    if (from) q = q.where('url_month', '>=', from);
    if (to) q = q.where('url_month', '<=', to);
    const rows = await q.orderBy('url_month').execute();
    return rows.map((r) => ({ month: r.url_month, count: Number(r.published), changedAt: r.changed_at }));
  }

  return {
    /** Every month with published articles, oldest first. */
    months: () => monthCounts(),

    /** Years with their article counts and months, oldest first. */
    async years(): Promise<YearCount[]> {
      const years = new Map<string, YearCount>();
      for (const m of await monthCounts()) {
        const year = m.month.slice(0, 4);
        const entry = years.get(year) ?? { year, count: 0, months: [] };
        entry.count += m.count;
        entry.months.push(m);
        years.set(year, entry);
      }
      return [...years.values()];
    },

    /** The months of one year that have published articles. */
    monthsOfYear: (year: string) => monthCounts(`${year}/01`, `${year}/12`),

    async countMonth(month: string): Promise<number> {
      const row = await db.selectFrom('archive_months').select('published').where('url_month', '=', month).executeTakeFirst();
      return Number(row?.published ?? 0);
    },

    /** Print issues dated in one year, in date order. */
    issuesOfYear: (year: string) =>
      db
        .selectFrom('print_issues')
        .selectAll()
        .where('issue_date', '>=', `${year}-01-01`)
        .where('issue_date', '<=', `${year}-12-31`)
        .orderBy('issue_date')
        .execute(),

    /** The print issues either side of one, by number, for browsing issue to issue. */
    async adjacentIssues(number: number): Promise<{ previous?: PrintIssue; next?: PrintIssue }> {
      const [previous, next] = await Promise.all([
        db.selectFrom('print_issues').selectAll().where('number', '<', number).orderBy('number', 'desc').limit(1).executeTakeFirst(),
        db.selectFrom('print_issues').selectAll().where('number', '>', number).orderBy('number', 'asc').limit(1).executeTakeFirst(),
      ]);
      return { previous, next };
    },

    /** URLs of one month's published articles in publication order, for a sitemap page. */
    async articleUrls(month: string, limit: number, offset = 0): Promise<ArticleUrl[]> {
      const rows = await db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .select(['sections.slug as section_slug', 'articles.url_month', 'articles.slug', 'articles.updated_at'])
        .where('articles.status', '=', PUBLISHED)
        .where('articles.url_month', '=', month)
        .orderBy('articles.published_at')
        .orderBy('articles.id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => ({ path: articlePath(r.section_slug, r.url_month, r.slug), updatedAt: r.updated_at }));
    },
  };
}

export type ArchiveService = ReturnType<typeof archiveService>;
