import type { BroadsheetMigration } from '../migrator.js';

/**
 * Settings an admin changes from the newsroom (the support prompt, where membership and
 * donations are taken, the partner slot's default place). One row per setting, so a new
 * setting needs no migration: a missing row reads as its default.
 */
export const siteSettingsTable: BroadsheetMigration = {
  async up(db) {
    await db.schema
      .createTable('site_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
