import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The rollups' and retention's data layer. */
export function rollupStore(db: Kysely<DB>) {
  return {
    /**
     * Rolls one completed day's raw views (Unix seconds [start, end)) up into its cells and its
     * site-wide row, in one transaction; a day rolled up again replaces its rows.
     */
    async rollUpDay(day: string, { start, end }: { start: number; end: number }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('analytics_daily').where('day', '=', day).execute();
        await trx.deleteFrom('analytics_days').where('day', '=', day).execute();
        await trx
          .insertInto('analytics_daily')
          .columns(['day', 'path_id', 'source_id', 'views', 'visitors'])
          .expression((eb) =>
            eb
              .selectFrom('analytics_views')
              .where('at', '>=', start)
              .where('at', '<', end)
              .select((s) => [sql<string>`cast(${day} as text)`.as('day'), 'path_id', 'source_id', s.fn.countAll<number>().as('views'), s.fn.count<number>('visitor').distinct().as('visitors')])
              .groupBy(['path_id', 'source_id']),
          )
          .execute();
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

    /** Deletes raw views counted before `before` (Unix seconds); how many went. */
    async deleteRawBefore(before: number): Promise<number> {
      const result = await db.deleteFrom('analytics_views').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
