import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DialectAdapter } from '../db/dialect.js';
import type { WebhookDeliveriesTable, WebhookSubscriptionsTable } from '../db/tables/webhooks.js';

export type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  id: number;
  delivery_key: string;
  event: string;
  payload: string;
  attempts: number;
  created_at: string;
  url: string;
  secret: string;
}

export interface NewDelivery {
  delivery_key: string;
  subscription_id: number;
  event: string;
  payload: string;
  created_at: string;
}

/** How one attempt went, as the log shows it. */
export interface AttemptOutcome {
  at: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

const INSERT_CHUNK = 200;

/** The SQL of webhook subscriptions and their delivery queue. */
export function webhookStore(db: Kysely<DB>, dialect: Pick<DialectAdapter, 'name' | 'supportsSkipLocked'>) {
  return {
    async insertSubscription(values: Omit<SubscriptionRow, 'id'>): Promise<SubscriptionRow> {
      return db.insertInto('webhook_subscriptions').values(values).returningAll().executeTakeFirstOrThrow();
    },

    anySubscription: async (): Promise<boolean> => (await db.selectFrom('webhook_subscriptions').select('id').limit(1).executeTakeFirst()) !== undefined,

    subscriptions: (): Promise<SubscriptionRow[]> => db.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute(),

    subscription: (id: number): Promise<SubscriptionRow | undefined> => db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst(),

    async deleteSubscription(id: number): Promise<boolean> {
      const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Queues deliveries in as few statements as the rows allow. */
    async enqueue(rows: NewDelivery[]): Promise<void> {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, next_attempt_at: r.created_at }));
        await db.insertInto('webhook_deliveries').values(chunk).execute();
      }
    },

    /**
     * Leases up to `limit` pending deliveries that are due and not leased by a live worker. The
     * UPDATE re-checks the lease, so two workers never both win a row; on PostgreSQL, SKIP LOCKED
     * lets them claim different rows side by side instead of queueing on the same ones.
     */
    async claim(owner: string, at: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
      const free = (eb: ExpressionBuilder<DB, 'webhook_deliveries'>) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]);
      let due = db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', at)
        .where(free)
        .orderBy('next_attempt_at')
        .limit(limit);
      if (dialect.supportsSkipLocked) due = due.forUpdate().skipLocked();
      const claimed = await db
        .updateTable('webhook_deliveries')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('id', 'in', due)
        .where('status', '=', 'pending')
        .where(free)
        .returning(['id'])
        .execute();
      if (!claimed.length) return [];
      return db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
        .select(['d.id', 'd.delivery_key', 'd.event', 'd.payload', 'd.attempts', 'd.created_at', 's.url', 's.secret'])
        .where(
          'd.id',
          'in',
          claimed.map((r) => r.id),
        )
        .where('d.lease_owner', '=', owner)
        .orderBy('d.id')
        .execute();
    },

    /**
     * Records attempts: each delivered, failed for good, or due again at `retryAt`, a batch in one
     * UPDATE from its attempts as JSON. Statement by statement, a batch of fifty held SQLite's
     * write lock for several milliseconds, which an editor's publish waited out. Only the lease's
     * owner may: a row whose lease ran out and went to another worker is left to that one.
     */
    async settle(owner: string, results: SettledAttempt[]): Promise<void> {
      if (!results.length) return;
      const attempts = JSON.stringify(
        results.map(({ id, outcome, next }) => ({
          id,
          status: next.status,
          next_attempt_at: next.status === 'pending' ? next.retryAt : outcome.at,
          finished_at: next.status === 'pending' ? null : outcome.at,
          at: outcome.at,
          status_code: outcome.statusCode,
          duration_ms: outcome.durationMs,
          error: outcome.error?.slice(0, 500) ?? null,
        })),
      );
      const rows =
        dialect.name === 'postgres'
          ? sql`json_to_recordset(${attempts}::json) as r(id integer, status text, next_attempt_at text, finished_at text, at text, status_code integer, duration_ms integer, error text)`
          : sql`(select value ->> 'id' as id, value ->> 'status' as status, value ->> 'next_attempt_at' as next_attempt_at, value ->> 'finished_at' as finished_at,
                  value ->> 'at' as at, value ->> 'status_code' as status_code, value ->> 'duration_ms' as duration_ms, value ->> 'error' as error
                from json_each(${attempts})) as r`;
      await sql`update webhook_deliveries
        set status = r.status, attempts = attempts + 1, next_attempt_at = r.next_attempt_at, finished_at = r.finished_at,
          lease_owner = null, lease_until = null, last_attempt_at = r.at, last_status_code = r.status_code,
          last_duration_ms = r.duration_ms, last_error = r.error
        from ${rows}
        where webhook_deliveries.id = r.id and webhook_deliveries.lease_owner = ${owner}`.execute(db);
    },

    /** A subscription's deliveries, newest first: the newsroom's log. */
    log: (subscriptionId: number, limit: number): Promise<DeliveryRow[]> =>
      db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id', 'desc').limit(limit).execute(),

    /** Per subscription: deliveries waiting and those given up on. */
    async counts(): Promise<Array<{ subscription_id: number; pending: number; failed: number }>> {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select(['subscription_id', sql<number>`sum(case when status = 'pending' then 1 else 0 end)`.as('pending'), sql<number>`sum(case when status = 'failed' then 1 else 0 end)`.as('failed')])
        .groupBy('subscription_id')
        .execute();
      return rows.map((r) => ({ subscription_id: r.subscription_id, pending: Number(r.pending), failed: Number(r.failed) }));
    },

    /** What a member event says of the reader. */
    member: (readerId: number) => db.selectFrom('subscribers').select(['id', 'email', 'name', 'created_at']).where('id', '=', readerId).executeTakeFirst(),

    byKey: (key: string): Promise<DeliveryRow | undefined> => db.selectFrom('webhook_deliveries').selectAll().where('delivery_key', '=', key).executeTakeFirst(),
  };
}

export type WebhookStore = ReturnType<typeof webhookStore>;

export interface SettledAttempt {
  id: number;
  outcome: AttemptOutcome;
  next: { status: 'delivered' | 'failed' } | { status: 'pending'; retryAt: string };
}
