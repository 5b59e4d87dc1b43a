import type { BroadsheetMigration } from '../migrator.js';

/**
 * The change feed: one row per content change any process commits, so that every serving
 * process can drop the cached pages another process (the command line, a second server) made
 * stale. Read by id (`WHERE id > last`), pruned by age.
 */
export const contentChangesTable: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('content_changes'))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'integer', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('content_changes_at').on('content_changes').column('at').execute();
  },
};
