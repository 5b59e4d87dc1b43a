import type { BroadsheetMigration } from '../migrator.js';

/**
 * Webhooks. `webhook_subscriptions`: where to send which events, and the secret that signs them
 * (kept, because signing needs it; the newsroom shows it only once). `webhook_deliveries`: the
 * persistent queue, one row per event per subscription, with its idempotency key, its payload as
 * sent, and where it stands (pending, delivered, failed), claimed by a worker with a lease.
 */
export const webhookTables: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('webhook_subscriptions'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('webhook_deliveries'))
      .addColumn('delivery_key', 'text', (c) => c.notNull().unique())
      .addColumn('subscription_id', 'integer', (c) => c.notNull().references('webhook_subscriptions.id').onDelete('cascade'))
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_duration_ms', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    // The worker's claim walks pending rows by due time; the log lists a subscription's newest first.
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['subscription_id', 'id']).execute();
  },
};
