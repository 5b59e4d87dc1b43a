import type { BroadsheetMigration } from '../migrator.js';

/**
 * Keys for the APIs (issue #19). A `content` key is Ghost's Content API key: public by design, sent as
 * `?key=`; an `admin` key is a bearer token for /api/admin/ acting with `role`. Only a SHA-256 of the
 * secret is kept (both are high-entropy random strings, so a fast hash is enough and lets the hash be
 * the lookup); `key_prefix` is the secret's first characters, shown in the newsroom so a person can
 * tell keys apart. `created_by` is the user who made it, null from the command line. A revoked key
 * keeps its row, so the list can say when it stopped working.
 */
export const apiKeysTable: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('api_keys'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('role', 'text')
      .addColumn('key_prefix', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('last_used_at', 'text')
      .addColumn('revoked_at', 'text')
      .execute();
  },
};
