import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { dayNumber } from './days.js';

/** The reserved source (migration 041) that a day's rollup folds a page's smallest sources into. */
export const OTHER_SOURCES_HOST = '*';

/**
 * A page's source that brought it fewer views than this in a day is folded into "Other sources":
 * the long tail of one-off referrers is most of a day's cells and little of its views.
 */
export const FOLD_BELOW = 2;

/** The rollups' and retention's data layer. */
export function rollupStore(db: Kysely<DB>) {
  return {
    /**
     * Rolls one completed day's raw views (Unix seconds [start, end)) up into its cells and its
     * site-wide row, in one transaction; a day rolled up again replaces its rows. Views are
     * never lost to folding: a folded cell's views and visitors go to the page's "Other sources" cell.
     */
    async rollUpDay(day: string, { start, end }: { start: number; end: number }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('analytics_daily').where('day', '=', dayNumber(day)).execute();
        await trx.deleteFrom('analytics_days').where('day', '=', day).execute();
        const other = await trx.selectFrom('analytics_sources').where('referrer_host', '=', OTHER_SOURCES_HOST).select('id').executeTakeFirstOrThrow();
        // Each view's cell, with the source folded into "Other sources" where the cell is too small to keep.
        await sql`
          insert into analytics_daily (day, path_id, source_id, views, visitors)
          select ${sql.lit(dayNumber(day))}, v.path_id, case when c.views < ${sql.lit(FOLD_BELOW)} then ${sql.lit(other.id)} else v.source_id end as kept_source, count(*), count(distinct v.visitor)
          from analytics_views v
          join (
            select path_id, source_id, count(*) as views from analytics_views where at >= ${start} and at < ${end} group by path_id, source_id
          ) c on c.path_id = v.path_id and c.source_id = v.source_id
          where v.at >= ${start} and v.at < ${end}
          group by v.path_id, kept_source
        `.execute(trx);
        const device = (n: number) => sql<number>`coalesce(sum(case when device = ${n} then 1 else 0 end), 0)`;
        await trx
          .insertInto('analytics_days')
          .columns(['day', 'views', 'visitors', 'desktop_views', 'phone_views', 'tablet_views'])
          .expression((eb) =>
            eb
              .selectFrom('analytics_views')
              .where('at', '>=', start)
              .where('at', '<', end)
              .select((s) => [
                sql<string>`cast(${day} as text)`.as('day'),
                s.fn.countAll<number>().as('views'),
                s.fn.count<number>('visitor').distinct().as('visitors'),
                device(0).as('desktop_views'),
                device(1).as('phone_views'),
                device(2).as('tablet_views'),
              ]),
          )
          .execute();
      });
    },

    /** Deletes the hourly counts of the hours before `before` (Unix hours). */
    async deleteHourlyBefore(before: number): Promise<void> {
      await db.deleteFrom('analytics_hourly').where('hour', '<', before).execute();
    },

    /** Deletes raw views counted before `before` (Unix seconds); how many went. */
    async deleteRawBefore(before: number): Promise<number> {
      const result = await db.deleteFrom('analytics_views').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
