import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { recipientCondition } from './audience.js';
import type { DB } from '../db/schema.js';
import type { DeliveryStatus, IssueStatus, NewsletterIssuesTable } from '../db/tables/newsletters.js';

export type IssueRow = Selectable<NewsletterIssuesTable>;

/** Issues that cover their window; composed and discarded ones leave their articles to the next. */
const COVERING: IssueStatus[] = ['awaiting_approval', 'sending', 'sent', 'skipped'];

/** Why the sender gave up on a delivery it never handed to SMTP (the address left or was suppressed). */
export const BLOCKED_BEFORE_DELIVERY = 'suppressed or unsubscribed before delivery';

export interface DeliveryFigures {
  issueId: number;
  sent: number;
  /** Queued or handed to SMTP and not yet accepted. */
  pending: number;
  /** Every delivery that will not arrive, bounced and suppressed included. */
  failed: number;
  /** Of `failed`: hard bounces and complaints (the address is on the suppression list) and addresses dropped before delivery. */
  bouncedOrSuppressed: number;
}

/** SQL for composed issues and for fixing a send's recipients. */
export function issueStore(db: Kysely<DB>) {
  return {
    insert: (values: Insertable<NewsletterIssuesTable>) => db.insertInto('newsletter_issues').values(values).returningAll().executeTakeFirstOrThrow(),

    get: (id: number) => db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The latest issue whose window counts: the next issue covers what came after it. */
    lastIssue: (newsletterId: number) =>
      db
        .selectFrom('newsletter_issues')
        .selectAll()
        .where('newsletter_id', '=', newsletterId)
        .where('status', 'in', COVERING)
        .orderBy('covers_until', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),

    /** Whether an issue that counts was made after issue `id` (a composed issue is then stale). */
    hasLaterIssue: async (newsletterId: number, id: number) =>
      !!(await db
        .selectFrom('newsletter_issues')
        .select('id')
        .where('newsletter_id', '=', newsletterId)
        .where('status', 'in', COVERING)
        .where('id', '>', id)
        .executeTakeFirst()),

    /** Moves issue `id` to `to` if it is in one of `from`; false when it was not (someone else moved it). */
    async move(id: number, from: IssueStatus[], to: IssueStatus, values: Partial<Pick<Insertable<NewsletterIssuesTable>, 'approved_at' | 'segment'>> = {}): Promise<boolean> {
      const result = await db.updateTable('newsletter_issues').set({ status: to, ...values }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Forgets a newsletter's composed issues that no one sent or held: a new "Compose now" replaces them. */
    dropComposed: (newsletterId: number) => db.deleteFrom('newsletter_issues').where('newsletter_id', '=', newsletterId).where('status', '=', 'composed').execute(),

    hasSlot: async (newsletterId: number, slotAt: string) =>
      !!(await db.selectFrom('newsletter_issues').select('id').where('newsletter_id', '=', newsletterId).where('slot_at', '=', slotAt).executeTakeFirst()),

    async usedSourceKeys(newsletterId: number): Promise<Set<string>> {
      const rows = await db
        .selectFrom('newsletter_issues')
        .select('source_key')
        .where('newsletter_id', '=', newsletterId)
        .where('source_key', 'is not', null)
        .where('status', 'in', ['awaiting_approval', 'sending', 'sent'])
        .execute();
      return new Set(rows.map((r) => r.source_key!));
    },

    list: (newsletterId: number, statuses: IssueStatus[], limit = 50) =>
      db
        .selectFrom('newsletter_issues')
        .selectAll()
        .where('newsletter_id', '=', newsletterId)
        .where('status', 'in', statuses)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    withStatus: (status: IssueStatus) => db.selectFrom('newsletter_issues').selectAll().where('status', '=', status).orderBy('id').execute(),

    /**
     * Fixes the recipients, in the caller's transaction: every active subscriber not
     * on the suppression list, in the newsletter's audience and the issue's segment
     * (src/newsletters/audience.ts), gets one queued delivery. Returns how many.
     */
    async startSend(issueId: number, newsletterId: number, at: string): Promise<number> {
      const [{ audience }, { segment }] = await Promise.all([
        db.selectFrom('newsletters').select('audience').where('id', '=', newsletterId).executeTakeFirstOrThrow(),
        db.selectFrom('newsletter_issues').select('segment').where('id', '=', issueId).executeTakeFirstOrThrow(),
      ]);
      const reaches = recipientCondition(audience, segment, new Date(at));
      await db
        .insertInto('deliveries')
        .columns(['issue_id', 'subscriber_id', 'email', 'status', 'attempts', 'next_attempt_at', 'resent'])
        .expression((eb) =>
          eb
            .selectFrom('subscriptions')
            .innerJoin('subscribers', 'subscribers.id', 'subscriptions.subscriber_id')
            .select([
              sql.lit(issueId).as('issue_id'),
              'subscribers.id',
              'subscribers.email',
              sql.lit('queued').as('status'),
              sql.lit(0).as('attempts'),
              sql<string>`${at}`.as('next_attempt_at'),
              sql.lit(0).as('resent'),
            ])
            .where('subscriptions.newsletter_id', '=', newsletterId)
            .where('subscriptions.status', '=', 'active')
            .where((w) => w.not(w.exists(w.selectFrom('suppressions').select('suppressions.email').whereRef('suppressions.email', '=', 'subscribers.email'))))
            .where(reaches),
        )
        .onConflict((oc) => oc.columns(['issue_id', 'subscriber_id']).doNothing())
        .execute();
      const { n } = await db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('issue_id', '=', issueId)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('newsletter_issues')
        .set({ status: 'sending', send_started_at: at, recipients: Number(n) })
        .where('id', '=', issueId)
        .execute();
      return Number(n);
    },

    async deliveryCounts(issueId: number): Promise<Record<DeliveryStatus, number> & { resent: number }> {
      const rows = await db
        .selectFrom('deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('resent').as('resent')])
        .where('issue_id', '=', issueId)
        .groupBy('status')
        .execute();
      const counts = { queued: 0, handed: 0, sent: 0, failed: 0, resent: 0 };
      for (const r of rows) {
        counts[r.status] = Number(r.n);
        counts.resent += Number(r.resent ?? 0);
      }
      return counts;
    },

    /** Per-issue delivery figures in one grouped read. */
    async deliveryFigures(issueIds: number[]): Promise<Map<number, DeliveryFigures>> {
      const figures = new Map<number, DeliveryFigures>();
      if (!issueIds.length) return figures;
      const count = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`;
      const bouncedOrSuppressed = sql`d.status = 'failed' and (d.last_error = ${BLOCKED_BEFORE_DELIVERY} or exists (select 1 from suppressions s where s.email = d.email))`;
      const rows = await db
        .selectFrom('deliveries as d')
        .select([
          'd.issue_id',
          count(sql`d.status = 'sent'`).as('sent'),
          count(sql`d.status in ('queued', 'handed')`).as('pending'),
          count(sql`d.status = 'failed'`).as('failed'),
          count(bouncedOrSuppressed).as('bounced'),
        ])
        .where('d.issue_id', 'in', issueIds)
        .groupBy('d.issue_id')
        .execute();
      for (const r of rows) {
        figures.set(r.issue_id, { issueId: r.issue_id, sent: Number(r.sent), pending: Number(r.pending), failed: Number(r.failed), bouncedOrSuppressed: Number(r.bounced) });
      }
      return figures;
    },

    markSent: (issueId: number, at: string) =>
      db.updateTable('newsletter_issues').set({ status: 'sent', sent_at: at }).where('id', '=', issueId).where('status', '=', 'sending').executeTakeFirst(),
  };
}

export type IssueStore = ReturnType<typeof issueStore>;
