import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The dashboard's few small queries, each answered from an index and cut to a handful of rows. */
export function dashboardStore(db: Kysely<DB>) {
  return {
    /** Ids of an author's drafts, last changed first. */
    draftsBy: async (authorId: number, limit: number): Promise<number[]> =>
      (
        await db
          .selectFrom('articles')
          .select('id')
          .where('status', '=', 'draft')
          .where('id', 'in', (eb) => eb.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.author_id', '=', authorId))
          .orderBy('updated_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).map((r) => r.id),

    /** Scheduled articles, soonest first, with when each goes live; `authorId` narrows them to one byline. */
    scheduled: (limit: number, authorId?: number) => {
      let q = db.selectFrom('articles').select(['id', 'scheduled_for']).where('status', '=', 'scheduled');
      if (authorId !== undefined) q = q.where('id', 'in', (eb) => eb.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.author_id', '=', authorId));
      return q.orderBy('scheduled_for', 'asc').orderBy('id', 'asc').limit(limit).execute();
    },

    /** New confirmed subscriptions since `since`, per newsletter, most first. */
    signupsSince: (since: string) =>
      db
        .selectFrom('subscriptions')
        .innerJoin('newsletters', 'newsletters.id', 'subscriptions.newsletter_id')
        .select(['newsletters.slug', 'newsletters.name', (eb) => eb.fn.countAll<number>().as('signups')])
        .where('subscriptions.status', '=', 'active')
        .where('subscriptions.confirmed_at', '>=', since)
        .groupBy(['newsletters.id', 'newsletters.slug', 'newsletters.name'])
        .orderBy('signups', 'desc')
        .orderBy('newsletters.name')
        .execute(),
  };
}
