import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export interface DraftNoteRow {
  id: number;
  article_id: number;
  user_id: number;
  author_name: string | null;
  text: string;
  created_at: string;
  resolved_at: string | null;
}

/** SQL for the newsroom's notes on articles. */
export function draftNoteStore(db: Kysely<DB>) {
  const withAuthor = () =>
    db
      .selectFrom('article_notes as n')
      .leftJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id', 'n.article_id', 'n.user_id', 'u.name as author_name', 'n.text', 'n.created_at', 'n.resolved_at']);

  return {
    /** An article's notes, open ones first, each group oldest first (a conversation reads down). */
    forArticle: (articleId: number): Promise<DraftNoteRow[]> =>
      withAuthor()
        .where('n.article_id', '=', articleId)
        .orderBy((eb) => eb.case().when('n.resolved_at', 'is', null).then(0).else(1).end())
        .orderBy('n.created_at')
        .orderBy('n.id')
        .execute(),

    get: (articleId: number, id: number): Promise<DraftNoteRow | undefined> => withAuthor().where('n.article_id', '=', articleId).where('n.id', '=', id).executeTakeFirst(),

    async insert(row: { article_id: number; user_id: number; text: string; created_at: string }): Promise<number> {
      const { id } = await db.insertInto('article_notes').values(row).returning('id').executeTakeFirstOrThrow();
      return id;
    },

    async resolve(id: number, userId: number, at: string): Promise<void> {
      await db.updateTable('article_notes').set({ resolved_at: at, resolved_by: userId }).where('id', '=', id).where('resolved_at', 'is', null).execute();
    },

    async remove(id: number): Promise<void> {
      await db.deleteFrom('article_notes').where('id', '=', id).execute();
    },
  };
}
