import type { BroadsheetMigration } from '../migrator.js';

/**
 * Access: each article is `free`, `registered` (metered: readers without an account read a few a
 * month, registered readers some more) or `members`. Gift links record which article a member gave
 * in which month (`YYYY-MM`), one row per gift, so the monthly allowance holds across processes;
 * giving the same article again that month reuses its row. A deleted reader or article takes them along.
 */
export const accessColumns: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('articles').addColumn('access', 'text', (c) => c.notNull().defaultTo('free')).execute();

    await dialect
      .addIdColumn(db.schema.createTable('gift_links'))
      .addColumn('giver_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('gift_links_once', ['giver_id', 'month', 'article_id'])
      .execute();
  },
};
