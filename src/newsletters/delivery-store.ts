import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface ClaimedDelivery {
  id: number;
  subscriber_id: number;
  email: string;
  /** `handed` here means a previous sender died with this message in flight. */
  status: 'queued' | 'handed' | 'sent' | 'failed';
  attempts: number;
}

/**
 * SQL for one send's deliveries. Every state change is its own small write, made
 * the moment it happens, so that a crash loses at most the messages in flight.
 */
export function deliveryStore(db: Kysely<DB>, options: { skipLocked: boolean }) {
  return {
    /**
     * Leases up to `limit` deliveries that are due and not leased by a live sender.
     * On PostgreSQL, FOR UPDATE SKIP LOCKED lets several processes claim side by side.
     */
    async claim(issueId: number, owner: string, at: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
      const due = db
        .selectFrom('deliveries')
        .select('id')
        .where('issue_id', '=', issueId)
        .where('status', 'in', ['queued', 'handed'])
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .orderBy('id')
        .limit(limit);
      const rows = await db
        .updateTable('deliveries')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('id', 'in', options.skipLocked ? due.forUpdate().skipLocked() : due)
        .returning(['id', 'subscriber_id', 'email', 'status', 'attempts'])
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    /** Deliveries in `ids` that must not go out any more: suppressed, or no longer subscribed. */
    async blocked(ids: number[], newsletterId: number): Promise<number[]> {
      if (!ids.length) return [];
      const rows = await db
        .selectFrom('deliveries')
        .leftJoin('subscriptions', (j) =>
          j.onRef('subscriptions.subscriber_id', '=', 'deliveries.subscriber_id').on('subscriptions.newsletter_id', '=', newsletterId),
        )
        .select('deliveries.id')
        .where('deliveries.id', 'in', ids)
        .where((eb) =>
          eb.or([
            eb('subscriptions.status', 'is', null),
            eb('subscriptions.status', '!=', 'active'),
            eb.exists(eb.selectFrom('suppressions').select('suppressions.email').whereRef('suppressions.email', '=', 'deliveries.email')),
          ]),
        )
        .execute();
      return rows.map((r) => r.id);
    },

    /** Just before the message goes to SMTP. False when the lease was lost to another sender. */
    async markHanded(id: number, owner: string, at: string, resent: boolean): Promise<boolean> {
      const result = await db
        .updateTable('deliveries')
        .set((eb) => ({ status: 'handed', handed_at: at, attempts: eb('attempts', '+', 1), ...(resent ? { resent: 1 } : {}) }))
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Just after the SMTP server accepted the message. */
    markSent: (id: number, at: string) =>
      db.updateTable('deliveries').set({ status: 'sent', sent_at: at, lease_owner: null, lease_until: null, last_error: null }).where('id', '=', id).execute(),

    markRetry: (id: number, error: string, retryAt: string) =>
      db
        .updateTable('deliveries')
        .set({ status: 'queued', next_attempt_at: retryAt, lease_owner: null, lease_until: null, last_error: error.slice(0, 500) })
        .where('id', '=', id)
        .execute(),

    markFailed: (ids: number[], error: string) =>
      ids.length
        ? db
            .updateTable('deliveries')
            .set({ status: 'failed', lease_owner: null, lease_until: null, last_error: error.slice(0, 500) })
            .where('id', 'in', ids)
            .execute()
        : Promise.resolve([]),

    renew: (issueId: number, owner: string, leaseUntil: string) =>
      db
        .updateTable('deliveries')
        .set({ lease_until: leaseUntil })
        .where('issue_id', '=', issueId)
        .where('lease_owner', '=', owner)
        .where('status', 'in', ['queued', 'handed'])
        .execute(),

    /** Gives back leased, untouched deliveries when a sender stops early. */
    release: (ids: number[], owner: string) =>
      ids.length
        ? db
            .updateTable('deliveries')
            .set({ lease_owner: null, lease_until: null })
            .where('id', 'in', ids)
            .where('lease_owner', '=', owner)
            .where('status', '=', 'queued')
            .execute()
        : Promise.resolve([]),

    /** Deliveries not finished that this sender is not itself working on (retries waiting, other senders' leases). */
    async pending(issueId: number, owner: string): Promise<number> {
      const row = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('issue_id', '=', issueId)
        .where('status', 'in', ['queued', 'handed'])
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '!=', owner)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type DeliveryStore = ReturnType<typeof deliveryStore>;
