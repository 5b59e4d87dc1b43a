import type { BroadsheetMigration } from '../migrator.js';

/**
 * Sign-in: sessions, failed-login records for rate limiting, password-reset tokens,
 * disabled accounts; and topic redirects, left behind when two topics are merged.
 * Tokens are stored only as SHA-256 hashes, so a leaked table opens no session.
 */
export const accountTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('users').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    await dialect
      .addIdColumn(db.schema.createTable('sessions'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('login_failures'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('failed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('login_failures_key').on('login_failures').columns(['key', 'failed_at']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('password_resets'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('topic_redirects')
      .addColumn('from_slug', 'text', (c) => c.notNull().primaryKey())
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
