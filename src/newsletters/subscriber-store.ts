import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { SubscriptionStatus, SuppressionsTable } from '../db/tables/newsletters.js';

/** SQL for subscribers, their subscriptions, the suppression list and the confirmation outbox. */
export function subscriberStore(db: Kysely<DB>) {
  return {
    /** The subscriber's id, adding the address if it is new; never a second row. */
    async upsertSubscriber(email: string, at: string): Promise<number> {
      await db.insertInto('subscribers').values({ email, created_at: at }).onConflict((oc) => oc.column('email').doNothing()).execute();
      const row = await db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * The subscriber's id, adding the address if it is new, and a hold on its row until
     * the transaction ends: the no-op update locks the row on PostgreSQL (SQLite writes
     * one transaction at a time), so parallel signups for one address queue here and each
     * sees the request the one before it made.
     */
    async claimSubscriber(email: string, at: string): Promise<number> {
      const row = await db
        .insertInto('subscribers')
        .values({ email, created_at: at })
        .onConflict((oc) => oc.column('email').doUpdateSet({ email: (eb) => eb.ref('excluded.email') }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    findSubscriber: (id: number) => db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Asks for subscriptions: new ones and lapsed ones become pending; active ones stay active.
     * `sourceArticleId` records the article the signup came from (an id of no article records none).
     */
    async request(subscriberId: number, newsletterIds: number[], at: string, sourceArticleId?: number): Promise<void> {
      const source = () => (sourceArticleId === undefined ? null : db.selectFrom('articles').select('id').where('id', '=', sourceArticleId));
      for (const newsletterId of newsletterIds) {
        await db
          .insertInto('subscriptions')
          .values({ subscriber_id: subscriberId, newsletter_id: newsletterId, status: 'pending', requested_at: at, confirmed_at: null, unsubscribed_at: null, source_article_id: source() })
          .onConflict((oc) =>
            oc
              .columns(['subscriber_id', 'newsletter_id'])
              .doUpdateSet({ status: 'pending', requested_at: at, unsubscribed_at: null, source_article_id: source() })
              .where('subscriptions.status', '!=', 'active'),
          )
          .execute();
      }
    },

    /** Pending subscriptions among `newsletterIds` become active; returns how many did. */
    async confirm(subscriberId: number, newsletterIds: number[], at: string): Promise<number> {
      if (!newsletterIds.length) return 0;
      const result = await db
        .updateTable('subscriptions')
        .set({ status: 'active', confirmed_at: at })
        .where('subscriber_id', '=', subscriberId)
        .where('newsletter_id', 'in', newsletterIds)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    /** Sets the subscriber's choice directly (they proved the address by following a signed link). */
    async setStatus(subscriberId: number, newsletterIds: number[], status: Extract<SubscriptionStatus, 'active' | 'unsubscribed'>, at: string): Promise<number> {
      let changed = 0;
      for (const newsletterId of newsletterIds) {
        const values =
          status === 'active' ? { status, confirmed_at: at, unsubscribed_at: null } : { status, unsubscribed_at: at };
        const result = await db
          .insertInto('subscriptions')
          .values({ subscriber_id: subscriberId, newsletter_id: newsletterId, requested_at: at, confirmed_at: null, ...values })
          .onConflict((oc) => oc.columns(['subscriber_id', 'newsletter_id']).doUpdateSet(values).where('subscriptions.status', '!=', status))
          .executeTakeFirst();
        changed += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return changed;
    },

    subscriptionsOf: (subscriberId: number) =>
      db.selectFrom('subscriptions').select(['newsletter_id', 'status']).where('subscriber_id', '=', subscriberId).execute(),

    async activeCounts(): Promise<Map<number, number>> {
      const rows = await db
        .selectFrom('subscriptions')
        .select(['newsletter_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'active')
        .groupBy('newsletter_id')
        .execute();
      return new Map(rows.map((r) => [r.newsletter_id, Number(r.n)]));
    },

    async suppress(email: string, reason: SuppressionsTable['reason'], detail: string, at: string): Promise<void> {
      await db
        .insertInto('suppressions')
        .values({ email, reason, detail, created_at: at })
        .onConflict((oc) => oc.column('email').doUpdateSet({ reason, detail }))
        .execute();
    },

    isSuppressed: async (email: string) => !!(await db.selectFrom('suppressions').select('email').where('email', '=', email).executeTakeFirst()),

    addOutbox: (subscriberId: number, payload: unknown, at: string) =>
      db
        .insertInto('mail_outbox')
        .values({ kind: 'confirm', subscriber_id: subscriberId, payload: JSON.stringify(payload), attempts: 0, next_attempt_at: at, sent_at: null, last_error: null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow(),

    /** The address's latest confirmation request made after `since`, sent or not. */
    latestConfirmation: (subscriberId: number, since: string) =>
      db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('kind', '=', 'confirm')
        .where('subscriber_id', '=', subscriberId)
        .where('created_at', '>', since)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** A confirmation request by id, sent or not: what its emailed link confirms. */
    confirmationRequest: (id: number) => db.selectFrom('mail_outbox').selectAll().where('id', '=', id).where('kind', '=', 'confirm').executeTakeFirst(),

    setOutboxPayload: (id: number, payload: unknown) => db.updateTable('mail_outbox').set({ payload: JSON.stringify(payload) }).where('id', '=', id).execute(),

    dueOutbox: (at: string, limit: number) =>
      db.selectFrom('mail_outbox').selectAll().where('sent_at', 'is', null).where('next_attempt_at', '<=', at).orderBy('id').limit(limit).execute(),

    outboxEntry: (id: number) => db.selectFrom('mail_outbox').selectAll().where('id', '=', id).where('sent_at', 'is', null).executeTakeFirst(),

    markOutboxSent: (id: number, at: string) => db.updateTable('mail_outbox').set({ sent_at: at }).where('id', '=', id).execute(),

    markOutboxFailed: (id: number, error: string, retryAt: string) =>
      db
        .updateTable('mail_outbox')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500), next_attempt_at: retryAt }))
        .where('id', '=', id)
        .execute(),
  };
}

export type SubscriberStore = ReturnType<typeof subscriberStore>;
