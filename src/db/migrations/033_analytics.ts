import { sql } from 'kysely';
import type { BroadsheetMigration } from '../migrator.js';

/**
 * Analytics (issue #20), sized for a year of a million views a day under 2 GB on SQLite.
 *
 * - `analytics_views`: one raw row per counted page view, kept 30 days. Only integers: `at` in
 *   Unix seconds, the path and source as ids into the small dictionaries below, the device class
 *   (0 desktop, 1 phone, 2 tablet), and the visitor as a 48-bit hash of the day's salt, the
 *   client address and the user agent (null when the reader asked not to be tracked). 48 bits
 *   fit a JavaScript number exactly and take 6 bytes in SQLite; at a million visitors a day
 *   they collide about once in 500 days. No primary key: rows are only ever read by time.
 * - `analytics_paths` / `analytics_sources`: each distinct page path (never its query) and each
 *   distinct referrer host + UTM source/medium/campaign ('' for none), stored once.
 * - `analytics_daily`: completed days rolled up per day × path × source (views, and visitors
 *   distinct within that cell); `analytics_days`: each rolled-up day's site-wide views, distinct
 *   visitors and views per device class. A day is rolled up once, in order, so the newest row
 *   of `analytics_days` says how far the rollups reach.
 * - `analytics_salts`: the salt of the current day (in the site's time zone), shared by every
 *   process; a day's row is deleted once the day is over, so no visitor can be followed across days.
 */
export const analyticsTables: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('analytics_paths'))
      .addColumn('path', 'text', (c) => c.notNull().unique())
      // article, front, search or newsletter
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('analytics_paths_article').on('analytics_paths').column('article_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('analytics_sources'))
      // What a report calls the source: the UTM source, else the referrer's host; '' for direct.
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('referrer_host', 'text', (c) => c.notNull())
      .addColumn('utm_source', 'text', (c) => c.notNull())
      .addColumn('utm_medium', 'text', (c) => c.notNull())
      .addColumn('utm_campaign', 'text', (c) => c.notNull())
      .addUniqueConstraint('analytics_sources_once', ['referrer_host', 'utm_source', 'utm_medium', 'utm_campaign'])
      .execute();

    await db.schema
      .createTable('analytics_views')
      .addColumn('at', 'integer', (c) => c.notNull())
      .addColumn('path_id', 'integer', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('device', 'integer', (c) => c.notNull())
      .addColumn('visitor', 'bigint')
      .execute();
    await db.schema.createIndex('analytics_views_at').on('analytics_views').column('at').execute();

    let daily = db.schema
      .createTable('analytics_daily')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('path_id', 'integer', (c) => c.notNull())
      .addColumn('source_id', 'integer', (c) => c.notNull())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addColumn('visitors', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('analytics_daily_cell', ['day', 'path_id', 'source_id']);
    // SQLite would otherwise keep every rollup row twice: once by rowid, once in the key's index.
    if (dialect.name === 'sqlite') daily = daily.modifyEnd(sql`without rowid`);
    await daily.execute();
    // An article's series over all its days.
    await db.schema.createIndex('analytics_daily_path').on('analytics_daily').columns(['path_id', 'day']).execute();

    await db.schema
      .createTable('analytics_days')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('views', 'integer', (c) => c.notNull())
      .addColumn('visitors', 'integer', (c) => c.notNull())
      .addColumn('desktop_views', 'integer', (c) => c.notNull())
      .addColumn('phone_views', 'integer', (c) => c.notNull())
      .addColumn('tablet_views', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('analytics_salts')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('salt', 'text', (c) => c.notNull())
      .execute();
  },
};
