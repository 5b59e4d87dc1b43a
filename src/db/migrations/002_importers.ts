import type { BroadsheetMigration } from '../migrator.js';

/**
 * Where an imported article came from (`ghost:<uuid>`, `wxr:<guid>`, …), so that
 * importing the same file again updates the article in place instead of adding a copy.
 */
export const importerColumns: BroadsheetMigration = {
  async up(db) {
    await db.schema.alterTable('articles').addColumn('import_key', 'text').execute();
    await db.schema.createIndex('articles_import_key').unique().on('articles').column('import_key').execute();
  },
};
