import type { BroadsheetMigration } from '../migrator.js';

/**
 * Topic review: a topic that topic suggestion proposed stays unreviewed (no public page)
 * until an editor accepts it; topics that were already here were made by people, so they
 * start reviewed. Aliases are other names a topic answers to ("EU" for "European Union"),
 * each stored with its match key (lower case, accents and punctuation folded, as a slug) so
 * that one name can belong to one topic only.
 */
export const topicReview: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('topics').addColumn('reviewed', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await dialect
      .addIdColumn(db.schema.createTable('topic_aliases'))
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('topic_aliases_topic').on('topic_aliases').column('topic_id').execute();
  },
};
