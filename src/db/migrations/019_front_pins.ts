import type { BroadsheetMigration } from '../migrator.js';

/**
 * Front curation: an editor pins an article into one of the top slots of a front (`home`,
 * or `section:<id>` for a section front), optionally until a moment (UTC ISO). One article
 * per slot and one slot per article on each front; a deleted article takes its pins with it.
 */
export const frontPinsTable: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('front_pins'))
      .addColumn('front', 'text', (c) => c.notNull())
      .addColumn('slot', 'integer', (c) => c.notNull())
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('expires_at', 'text')
      .addColumn('pinned_by', 'integer')
      .addColumn('pinned_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('front_pins_slot', ['front', 'slot'])
      .addUniqueConstraint('front_pins_article', ['front', 'article_id'])
      .execute();
    // The expiry job looks for pins past their time.
    await db.schema.createIndex('front_pins_expires').on('front_pins').column('expires_at').execute();
  },
};
