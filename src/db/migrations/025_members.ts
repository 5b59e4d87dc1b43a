import type { BroadsheetMigration } from '../migrator.js';

/**
 * Reader revenue through Stripe. A reader is a `subscribers` row (one person, one record), so the
 * Stripe customer is a column there. Tiers and donation amounts are the newsroom's plans (prices
 * in minor units, JSON lists per currency). A membership is one Stripe subscription, a recurring
 * membership or donation, with the state last applied and the `created` time of the event that
 * brought it, so an older event arriving late changes nothing. Payments keep their amounts when
 * the reader is deleted (subscriber_id set null, email cleared). Every Stripe event id handled
 * is kept, so a replay changes nothing.
 */
export const memberTables: BroadsheetMigration = {
  async up(db, dialect) {
    await db.schema.alterTable('subscribers').addColumn('stripe_customer_id', 'text').execute();
    await db.schema.createIndex('subscribers_stripe_customer').unique().on('subscribers').column('stripe_customer_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('membership_tiers'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('benefits', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('prices', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('donation_amounts')
      .addColumn('currency', 'text', (c) => c.primaryKey())
      .addColumn('one_off', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('monthly', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await dialect
      .addIdColumn(db.schema.createTable('memberships'))
      .addColumn('stripe_subscription_id', 'text', (c) => c.notNull().unique())
      .addColumn('stripe_customer_id', 'text')
      .addColumn('subscriber_id', 'integer', (c) => c.references('subscribers.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('tier_id', 'integer', (c) => c.references('membership_tiers.id').onDelete('set null'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('interval', 'text')
      .addColumn('amount', 'integer')
      .addColumn('currency', 'text')
      .addColumn('current_period_end', 'text')
      .addColumn('cancel_at_period_end', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('past_due_since', 'text')
      .addColumn('last_event_created', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('memberships_subscriber').on('memberships').column('subscriber_id').execute();
    await db.schema.createIndex('memberships_customer').on('memberships').column('stripe_customer_id').execute();

    await dialect
      .addIdColumn(db.schema.createTable('member_payments'))
      .addColumn('subscriber_id', 'integer', (c) => c.references('subscribers.id').onDelete('set null'))
      .addColumn('email', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('stripe_payment_intent', 'text')
      .addColumn('stripe_invoice', 'text')
      .addColumn('stripe_subscription_id', 'text')
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('amount_refunded', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('paid_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('member_payments_intent').unique().on('member_payments').column('stripe_payment_intent').execute();
    await db.schema.createIndex('member_payments_invoice').unique().on('member_payments').column('stripe_invoice').execute();
    await db.schema.createIndex('member_payments_subscriber').on('member_payments').column('subscriber_id').execute();

    await db.schema
      .createTable('stripe_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
  },
};
