import { sql, type Kysely } from 'kysely';
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
     * Leases the first `limit` due deliveries of each status to send, queued and handed (the
     * latter are few: at most one per connection of a sender that died), not leased by a live
     * sender. One status at a time, so that each is read in id order along `deliveries_work` and
     * the read stops after `limit`: `status IN (…)` would sort every undelivered row of the
     * issue on each claim, a cost that grows with the square of the list.
     * On PostgreSQL, FOR UPDATE SKIP LOCKED lets several processes claim side by side.
     */
    async claim(issueId: number, owner: string, at: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
      const due = (status: 'queued' | 'handed') => {
        const ids = db
          .selectFrom('deliveries')
          .select('id')
          .where('issue_id', '=', issueId)
          .where('status', '=', status)
          .where('next_attempt_at', '<=', at)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
          .orderBy('id')
          .limit(limit);
        return options.skipLocked ? ids.forUpdate().skipLocked() : ids;
      };
      const rows = await db
        .updateTable('deliveries')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where((eb) => eb.or([eb('id', 'in', due('queued')), eb('id', 'in', due('handed'))]))
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

    /**
     * One statement for the acceptances and hand-overs of several SMTP connections at once:
     * `sent` were accepted by the server, `handed` are about to go to it (those `recovered`
     * were in flight when a sender died). Returns the handed ids whose lease is still `owner`'s.
     */
    async record(owner: string, at: string, batch: { sent: number[]; handed: number[]; recovered: number[] }): Promise<Set<number>> {
      const among = (ids: number[]) => (ids.length ? sql`id IN (${sql.join(ids)})` : sql`1 = 0`);
      const accepted = among(batch.sent);
      const { rows } = await sql<{ id: number }>`
        UPDATE deliveries SET
          status = CASE WHEN ${accepted} THEN 'sent' ELSE 'handed' END,
          sent_at = CASE WHEN ${accepted} THEN ${at} ELSE sent_at END,
          handed_at = CASE WHEN ${accepted} THEN handed_at ELSE ${at} END,
          attempts = CASE WHEN ${accepted} THEN attempts ELSE attempts + 1 END,
          resent = CASE WHEN ${among(batch.recovered)} THEN 1 ELSE resent END,
          lease_owner = CASE WHEN ${accepted} THEN NULL ELSE lease_owner END,
          lease_until = CASE WHEN ${accepted} THEN NULL ELSE lease_until END,
          last_error = CASE WHEN ${accepted} THEN NULL ELSE last_error END
        WHERE ${accepted} OR (${among([...batch.handed, ...batch.recovered])} AND lease_owner = ${owner})
        RETURNING id`.execute(db);
      const sent = new Set(batch.sent);
      return new Set(rows.map((r) => Number(r.id)).filter((id) => !sent.has(id)));
    },

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

    /**
     * Extends this sender's leases. On PostgreSQL it skips rows locked right now (by a
     * `record` of this sender, which locks several rows at once): waiting for them could
     * deadlock, and the next renewal, a third of a lease later, catches them.
     */
    renew(issueId: number, owner: string, leaseUntil: string) {
      const mine = db
        .selectFrom('deliveries')
        .select('id')
        .where('issue_id', '=', issueId)
        .where('lease_owner', '=', owner)
        .where('status', 'in', ['queued', 'handed']);
      return db
        .updateTable('deliveries')
        .set({ lease_until: leaseUntil })
        .where('id', 'in', options.skipLocked ? mine.forUpdate().skipLocked() : mine)
        .execute();
    },

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

/**
 * Group commit for the per-message records: what every SMTP connection asks for within
 * one turn of the event loop is written in one transaction. Each connection still waits
 * for its own record before its next message goes out, so the messages that may be
 * delivered but not recorded at a crash stay at most one per connection.
 */
export function deliveryRecorder(store: DeliveryStore, owner: string, now: () => string) {
  type Batch = { sent: number[]; handed: number[]; recovered: number[]; written: Promise<Set<number>> };
  let open: Batch | undefined;

  function batch(): Batch {
    if (open) return open;
    const b: Batch = { sent: [], handed: [], recovered: [], written: Promise.resolve(new Set()) };
    b.written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      open = undefined;
      return store.record(owner, now(), b);
    });
    return (open = b);
  }

  return {
    /** Records `sent` as accepted and/or `handed` as going out; true when `handed` is still ours to send. */
    async write(change: { sent?: number; handed?: { id: number; recovered: boolean } }): Promise<boolean> {
      const b = batch();
      if (change.sent !== undefined) b.sent.push(change.sent);
      if (change.handed) (change.handed.recovered ? b.recovered : b.handed).push(change.handed.id);
      const owned = await b.written;
      return change.handed ? owned.has(change.handed.id) : true;
    },
  };
}
