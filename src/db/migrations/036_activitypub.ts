import type { BroadsheetMigration } from '../migrator.js';

/**
 * ActivityPub (src/fediverse). `fediverse_kv`: Fedify's key-value store (cached remote
 * documents and keys, inbox idempotence), each key as JSON with an optional expiry.
 * `fediverse_queue`: Fedify's message queue (incoming activities, fan-outs, one delivery per
 * inbox), claimed by a worker with a lease so that a crash retries and two processes never take
 * the same message. `fediverse_keys`: each actor's key pairs, generated once. `fediverse_followers`:
 * who follows which of our actors, with where to deliver. `fediverse_activities`: what each actor
 * sent, for its outbox. `fediverse_articles`: what followers were last told of each article (a
 * fingerprint of the object sent, or that it was deleted), so an event heard twice sends once.
 */
export const activityPubTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('fediverse_kv')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('fediverse_queue'))
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('available_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fediverse_queue_due').on('fediverse_queue').columns(['available_at', 'id']).execute();

    await db.schema
      .createTable('fediverse_keys')
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('algorithm', 'text', (c) => c.notNull())
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('fediverse_keys_pk', ['actor', 'algorithm'])
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('fediverse_followers'))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('follower_uri', 'text', (c) => c.notNull())
      .addColumn('inbox_url', 'text', (c) => c.notNull())
      .addColumn('shared_inbox_url', 'text')
      .addColumn('handle', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('fediverse_followers_once', ['actor', 'follower_uri'])
      .execute();
    await db.schema.createIndex('fediverse_followers_page').on('fediverse_followers').columns(['actor', 'id']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('fediverse_activities'))
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('article_id', 'integer')
      .addColumn('activity', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('fediverse_activities_page').on('fediverse_activities').columns(['actor', 'id']).execute();

    await db.schema
      .createTable('fediverse_articles')
      .addColumn('article_id', 'integer', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
};
