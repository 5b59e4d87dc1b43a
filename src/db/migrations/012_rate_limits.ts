import type { BroadsheetMigration } from '../migrator.js';

/**
 * Request counters for the limits on public forms and sign-in: one row per limited thing and
 * fixed window (`signup-ip:203.0.113.9` from 10:00), counted up by an atomic upsert so that
 * every process shares one count and parallel requests cannot slip past it.
 */
export const rateLimitTables: BroadsheetMigration = {
  async up(db) {
    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
      .execute();
    await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_start').execute();
  },
};
