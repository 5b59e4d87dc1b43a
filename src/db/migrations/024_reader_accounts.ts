import type { BroadsheetMigration } from '../migrator.js';

/**
 * Reader accounts. A reader is a `subscribers` row (one person, one record): a newsletter
 * subscriber becomes an account holder by signing in once (`claimed_at`). Sign-in links and
 * reader sessions keep only the SHA-256 of their tokens, so a copied table opens nothing;
 * both go with the reader's row.
 */
export const readerAccountTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('subscribers').addColumn('name', 'text').execute();
    await db.schema.alterTable('subscribers').addColumn('claimed_at', 'text').execute();
    await db.schema.alterTable('subscribers').addColumn('last_sign_in_at', 'text').execute();

    await dialect
      .addIdColumn(db.schema.createTable('reader_sign_in_links'))
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reader_sign_in_links_subscriber').on('reader_sign_in_links').column('subscriber_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('reader_sessions'))
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reader_sessions_subscriber').on('reader_sessions').column('subscriber_id').execute();
  },
};
