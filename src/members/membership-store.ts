import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { MembershipKind, MembershipsTable } from '../db/tables/members.js';

/** A subscription's state as one event or retrieval tells it. */
export interface SubscriptionState {
  subscriptionId: string;
  customerId: string | null;
  kind: MembershipKind;
  tierId: number | null;
  status: string;
  interval: 'month' | 'year' | null;
  amount: number | null;
  currency: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  /** The article its checkout started from, for the newsroom's analytics. */
  articleId?: number | null;
}

export type MembershipRow = Omit<MembershipsTable, 'id'> & { id: number };

export interface NewPayment {
  subscriberId: number | null;
  email: string | null;
  kind: 'one_off' | 'recurring';
  paymentIntent: string | null;
  invoice: string | null;
  subscriptionId: string | null;
  amount: number;
  currency: string;
  paidAt: string;
  /** The article a one-off gift's checkout started from. */
  sourceArticleId?: number | null;
}

/** The SQL of memberships, payments and recorded Stripe events; `db` may be a transaction. */
export function membershipStore(db: Kysely<DB>) {
  /** An attributed article's id as a subquery: null when it names no article (a forged form, a deleted article). */
  const existingArticle = (id: number | null | undefined) => (id ? db.selectFrom('articles').select('id').where('id', '=', id) : null);
  return {
    /** Records an event id; false when it was recorded before (a replay). */
    async recordEvent(id: string, type: string, at: string): Promise<boolean> {
      const result = await db.insertInto('stripe_events').values({ id, type, received_at: at }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async eventRecorded(id: string): Promise<boolean> {
      return (await db.selectFrom('stripe_events').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
    },

    async bySubscription(subscriptionId: string): Promise<MembershipRow | undefined> {
      return db.selectFrom('memberships').selectAll().where('stripe_subscription_id', '=', subscriptionId).executeTakeFirst();
    },

    async complimentary(readerId: number): Promise<{ until: string | null } | undefined> {
      return db.selectFrom('complimentary_memberships').select('until').where('subscriber_id', '=', readerId).executeTakeFirst();
    },

    async ofReader(readerId: number): Promise<MembershipRow[]> {
      return db.selectFrom('memberships').selectAll().where('subscriber_id', '=', readerId).orderBy('id', 'desc').execute();
    },

    async insert(state: SubscriptionState, subscriberId: number | null, extra: { pastDueSince: string | null; eventCreated: number }, at: string): Promise<void> {
      await db
        .insertInto('memberships')
        .values({
          stripe_subscription_id: state.subscriptionId,
          stripe_customer_id: state.customerId,
          subscriber_id: subscriberId,
          kind: state.kind,
          tier_id: state.tierId,
          status: state.status,
          interval: state.interval,
          amount: state.amount,
          currency: state.currency,
          current_period_end: state.currentPeriodEnd,
          cancel_at_period_end: state.cancelAtPeriodEnd ? 1 : 0,
          past_due_since: extra.pastDueSince,
          last_event_created: extra.eventCreated,
          created_at: at,
          updated_at: at,
          source_article_id: existingArticle(state.articleId),
        })
        .execute();
    },

    async update(id: number, changes: Partial<Omit<MembershipsTable, 'id' | 'stripe_subscription_id' | 'created_at'>>): Promise<void> {
      await db.updateTable('memberships').set(changes).where('id', '=', id).execute();
    },

    /** Gives a customer's memberships and payments their reader, once the checkout names them. */
    async linkCustomer(customerId: string, subscriberId: number): Promise<void> {
      await db.updateTable('memberships').set({ subscriber_id: subscriberId }).where('stripe_customer_id', '=', customerId).where('subscriber_id', 'is', null).execute();
      await db
        .updateTable('member_payments')
        .set({ subscriber_id: subscriberId })
        .where('subscriber_id', 'is', null)
        .where('stripe_subscription_id', 'in', (eb) => eb.selectFrom('memberships').select('stripe_subscription_id').where('stripe_customer_id', '=', customerId))
        .execute();
    },

    async readerByEmail(email: string): Promise<{ id: number; stripe_customer_id: string | null } | undefined> {
      return db.selectFrom('subscribers').select(['id', 'stripe_customer_id']).where('email', '=', email).executeTakeFirst();
    },

    async readerByCustomer(customerId: string): Promise<number | undefined> {
      return (await db.selectFrom('subscribers').select('id').where('stripe_customer_id', '=', customerId).executeTakeFirst())?.id;
    },

    async reader(readerId: number): Promise<{ id: number; email: string; stripe_customer_id: string | null } | undefined> {
      return db.selectFrom('subscribers').select(['id', 'email', 'stripe_customer_id']).where('id', '=', readerId).executeTakeFirst();
    },

    /** A new reader from a checkout: a free reader waiting to claim the account, as a confirmed newsletter subscriber is. */
    async insertReader(email: string, at: string): Promise<number> {
      const row = await db.insertInto('subscribers').values({ email, created_at: at }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },

    async setCustomer(readerId: number, customerId: string): Promise<void> {
      await db.updateTable('subscribers').set({ stripe_customer_id: customerId }).where('id', '=', readerId).where('stripe_customer_id', 'is', null).execute();
    },

    /** Inserts a payment once: a second event about the same payment changes nothing. */
    async insertPayment(p: NewPayment): Promise<void> {
      const key = p.invoice ? 'stripe_invoice' : 'stripe_payment_intent';
      await db
        .insertInto('member_payments')
        .values({
          subscriber_id: p.subscriberId,
          email: p.email,
          kind: p.kind,
          stripe_payment_intent: p.paymentIntent,
          stripe_invoice: p.invoice,
          stripe_subscription_id: p.subscriptionId,
          amount: p.amount,
          amount_refunded: 0,
          currency: p.currency,
          paid_at: p.paidAt,
          source_article_id: existingArticle(p.sourceArticleId),
        })
        .onConflict((oc) => oc.column(key).doNothing())
        .execute();
    },

    /** Sets what has been refunded of a payment, found by its payment intent or invoice. */
    async setRefunded(ref: { paymentIntent: string | null; invoice: string | null }, amountRefunded: number): Promise<number> {
      let query = db.updateTable('member_payments').set({ amount_refunded: amountRefunded });
      if (ref.paymentIntent && ref.invoice) query = query.where((eb) => eb.or([eb('stripe_payment_intent', '=', ref.paymentIntent), eb('stripe_invoice', '=', ref.invoice)]));
      else if (ref.paymentIntent) query = query.where('stripe_payment_intent', '=', ref.paymentIntent);
      else if (ref.invoice) query = query.where('stripe_invoice', '=', ref.invoice);
      else return 0;
      return Number((await query.executeTakeFirst()).numUpdatedRows);
    },

    async payments(readerId: number) {
      return db.selectFrom('member_payments').selectAll().where('subscriber_id', '=', readerId).orderBy('paid_at', 'desc').execute();
    },

    /** Before a reader is deleted: their payments stay, as amounts without a person. */
    async anonymisePayments(readerId: number): Promise<void> {
      await db.updateTable('member_payments').set({ subscriber_id: null, email: null }).where('subscriber_id', '=', readerId).execute();
      await db.updateTable('memberships').set({ subscriber_id: null, stripe_customer_id: null }).where('subscriber_id', '=', readerId).execute();
    },
  };
}
