import type { BroadsheetMigration } from '../migrator.js';

/** Subscribers, double opt-in, suppression, composed issues and per-recipient deliveries. */
export const newsletterTables: BroadsheetMigration = {
  async up(db, dialect) {
    await dialect
      .addIdColumn(db.schema.createTable('subscribers'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('subscriptions')
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'text')
      .addColumn('unsubscribed_at', 'text')
      .addPrimaryKeyConstraint('subscriptions_pk', ['subscriber_id', 'newsletter_id'])
      .execute();
    await db.schema.createIndex('subscriptions_newsletter').on('subscriptions').columns(['newsletter_id', 'status', 'subscriber_id']).execute();

    await db.schema
      .createTable('suppressions')
      .addColumn('email', 'text', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('mail_outbox'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('newsletter_issues'))
      .addColumn('newsletter_id', 'integer', (c) => c.notNull().references('newsletters.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('slot_at', 'text')
      .addColumn('covers_until', 'text', (c) => c.notNull())
      .addColumn('source_key', 'text')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('intro', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('approved_at', 'text')
      .addColumn('send_started_at', 'text')
      .addColumn('sent_at', 'text')
      .addUniqueConstraint('newsletter_issues_slot', ['newsletter_id', 'slot_at'])
      .execute();
    await db.schema.createIndex('newsletter_issues_status').on('newsletter_issues').columns(['status', 'newsletter_id']).execute();

    await dialect
      .addIdColumn(db.schema.createTable('deliveries'))
      .addColumn('issue_id', 'integer', (c) => c.notNull().references('newsletter_issues.id').onDelete('cascade'))
      .addColumn('subscriber_id', 'integer', (c) => c.notNull().references('subscribers.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('resent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('handed_at', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('last_error', 'text')
      .addUniqueConstraint('deliveries_issue_subscriber', ['issue_id', 'subscriber_id'])
      .execute();
    await db.schema.createIndex('deliveries_work').on('deliveries').columns(['issue_id', 'status', 'id']).execute();
  },
};
