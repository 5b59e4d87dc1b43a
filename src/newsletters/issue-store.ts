import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DeliveryStatus, IssueStatus, NewsletterIssuesTable } from '../db/tables/newsletters.js';

export type IssueRow = Selectable<NewsletterIssuesTable>;

/** SQL for composed issues and for fixing a send's recipients. */
export function issueStore(db: Kysely<DB>) {
  return {
    insert: (values: Insertable<NewsletterIssuesTable>) => db.insertInto('newsletter_issues').values(values).returningAll().executeTakeFirstOrThrow(),

    get: (id: number) => db.selectFrom('newsletter_issues').selectAll().where('id', '=', id).executeTakeFirst(),

    lastIssue: (newsletterId: number) =>
      db.selectFrom('newsletter_issues').selectAll().where('newsletter_id', '=', newsletterId).orderBy('covers_until', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst(),

    hasSlot: async (newsletterId: number, slotAt: string) =>
      !!(await db.selectFrom('newsletter_issues').select('id').where('newsletter_id', '=', newsletterId).where('slot_at', '=', slotAt).executeTakeFirst()),

    async usedSourceKeys(newsletterId: number): Promise<Set<string>> {
      const rows = await db
        .selectFrom('newsletter_issues')
        .select('source_key')
        .where('newsletter_id', '=', newsletterId)
        .where('source_key', 'is not', null)
        .where('status', '!=', 'skipped')
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
     * on the suppression list gets one queued delivery. Returns how many.
     */
    async startSend(issueId: number, newsletterId: number, at: string): Promise<number> {
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
            .where((w) => w.not(w.exists(w.selectFrom('suppressions').select('suppressions.email').whereRef('suppressions.email', '=', 'subscribers.email')))),
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

    markSent: (issueId: number, at: string) =>
      db.updateTable('newsletter_issues').set({ status: 'sent', sent_at: at }).where('id', '=', issueId).where('status', '=', 'sending').executeTakeFirst(),
  };
}

export type IssueStore = ReturnType<typeof issueStore>;
