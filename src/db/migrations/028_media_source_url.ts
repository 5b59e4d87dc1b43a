import type { BroadsheetMigration } from '../migrator.js';

/**
 * Where an imported picture was fetched from, so that importing the same export again (or
 * another article naming the same address) reuses the stored image instead of fetching it
 * anew. Null for newsroom uploads. Indexed: an import asks once per address.
 */
export const mediaSourceUrl: BroadsheetMigration = {
  async up(db) {
    await db.schema.alterTable('media').addColumn('source_url', 'text').execute();
    await db.schema.createIndex('media_source_url').on('media').column('source_url').execute();
  },
};
