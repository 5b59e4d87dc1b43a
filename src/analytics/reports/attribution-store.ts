import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What readers of one article went on to do there (migration 039's source_article_id). */
export interface ArticleConversions {
  /** Newsletter subscriptions signed up for from the article and confirmed. */
  signups: number;
  /** …signed up for and not confirmed yet. */
  pendingSignups: number;
  /** Recurring memberships whose checkout started on the article. */
  memberships: number;
  /** Donations started on it: recurring ones and one-off gifts. */
  donations: number;
}

/** SQL counting the signups and payments attributed to an article. */
export async function articleConversions(db: Kysely<DB>, articleId: number): Promise<ArticleConversions> {
  const [subscriptions, memberships, gifts] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .where('source_article_id', '=', articleId)
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('confirmed_at', 'is not', null).then(1).else(0).end()).as('confirmed'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
      ])
      .executeTakeFirst(),
    db.selectFrom('memberships').where('source_article_id', '=', articleId).select(['kind', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('kind').execute(),
    db
      .selectFrom('member_payments')
      .where('source_article_id', '=', articleId)
      .where('kind', '=', 'one_off')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst(),
  ]);
  const kind = (k: string) => Number(memberships.find((m) => m.kind === k)?.count ?? 0);
  return {
    signups: Number(subscriptions?.confirmed ?? 0),
    pendingSignups: Number(subscriptions?.pending ?? 0),
    memberships: kind('membership'),
    donations: kind('donation') + Number(gifts?.count ?? 0),
  };
}
