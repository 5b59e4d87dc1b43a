import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The gift links members made, one row per article given per month. */
export function giftStore(db: Kysely<DB>) {
  return {
    /** Locks the giver's row for the rest of the transaction, so parallel gifts are counted one after another (PostgreSQL). */
    async lockGiver(giverId: number): Promise<void> {
      await db.selectFrom('subscribers').select('id').where('id', '=', giverId).forUpdate().execute();
    },

    async given(giverId: number, month: string, articleId: number): Promise<boolean> {
      const row = await db.selectFrom('gift_links').select('id').where('giver_id', '=', giverId).where('month', '=', month).where('article_id', '=', articleId).executeTakeFirst();
      return row !== undefined;
    },

    async countInMonth(giverId: number, month: string): Promise<number> {
      const { n } = await db
        .selectFrom('gift_links')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('giver_id', '=', giverId)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      return Number(n);
    },

    async add(giverId: number, month: string, articleId: number, at: string): Promise<void> {
      await db.insertInto('gift_links').values({ giver_id: giverId, month, article_id: articleId, created_at: at }).execute();
    },
  };
}
