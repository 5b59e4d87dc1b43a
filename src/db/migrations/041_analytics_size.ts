import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Analytics rollups made smaller, so a year of a million views a day fits 2 GB on SQLite (issue #20).
 *
 * - `analytics_daily.day` becomes an integer, the days since 1970-01-01 (a calendar day of the
 *   site's time zone): two or three bytes in SQLite instead of ten characters, in the table and
 *   again in its `(path_id, day)` index. Existing rows are copied across; still WITHOUT ROWID on SQLite.
 * - A reserved "Other sources" row in `analytics_sources` (referrer host `*`, which no real host
 *   can be): a day's rollup folds into it the sources that brought a page fewer than a few views
 *   that day.
 */
export const analyticsSize: BroadsheetMigration = {
  async up(db, dialect) {
    let daily = db.schema
      .createTable('analytics_daily_next')
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('path_id', 'integer', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addColumn('visitors', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_daily_day_cell', ['day', 'path_id', 'source_id']);
    if (dialect.name === 'sqlite') daily = daily.modifyEnd(sql`without rowid`);
    await daily.execute();
    const dayNumber = dialect.name === 'sqlite' ? sql`cast(julianday(day) - 2440587.5 as integer)` : sql`(cast(day as date) - date '1970-01-01')`;
    await sql`insert into analytics_daily_next (day, path_id, source_id, views, visitors) select ${dayNumber}, path_id, source_id, views, visitors from analytics_daily`.execute(db);
    await db.schema.dropTable('analytics_daily').execute();
    await db.schema.alterTable('analytics_daily_next').renameTo('analytics_daily').execute();
    await db.schema.createIndex('analytics_daily_path').on('analytics_daily').columns(['path_id', 'day']).execute();

    await db
      .insertInto('analytics_sources' as never)
      .values({ name: 'Other sources', referrer_host: '*', utm_source: '', utm_medium: '', utm_campaign: '' } as never)
      .execute();
  },
};
