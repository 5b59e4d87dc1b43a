import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Autosaved edits of published articles, one per (article, editor). */
export function autosaveStore(db: Kysely<DB>) {
  return {
    async put(articleId: number, userId: number, baseVersion: number, snapshot: unknown, at: string): Promise<void> {
      const values = { base_version: baseVersion, snapshot: JSON.stringify(snapshot), saved_at: at };
      await db
        .insertInto('article_autosaves')
        .values({ article_id: articleId, user_id: userId, ...values })
        .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet(values))
        .execute();
    },

    get: (articleId: number, userId: number) =>
      db.selectFrom('article_autosaves').selectAll().where('article_id', '=', articleId).where('user_id', '=', userId).executeTakeFirst(),

    async clear(articleId: number, userId: number): Promise<void> {
      await db.deleteFrom('article_autosaves').where('article_id', '=', articleId).where('user_id', '=', userId).execute();
    },
  };
}
