import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * `analytics_hourly`: each counted page's views per hour (Unix hours, `at / 3600`), added to as
 * each batch of raw views is written, kept two days. The "Most read" rails rank the last 24
 * hours from it: at most 24 rows a page, where counting the raw views read every view of the
 * day again every few minutes (a second and more of a busy site's event loop on SQLite).
 * Filled at once from the raw views of the last two days, so the rails carry on unchanged.
 */
export const analyticsHourly: BroadsheetMigration = {
  async up(db) {
    await db.schema
      .createTable('analytics_hourly')
      .addColumn('hour', 'integer', (c) => c.notNull())
      .addColumn('path_id', 'integer', (c) => c.notNull())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_hourly_cell', ['hour', 'path_id'])
      .execute();
    const since = Math.floor(Date.now() / 1000) - 2 * 86_400;
    await sql`insert into analytics_hourly (hour, path_id, views)
      select at / 3600, path_id, count(*) from analytics_views where at >= ${since} group by at / 3600, path_id`.execute(db);
  },
};
