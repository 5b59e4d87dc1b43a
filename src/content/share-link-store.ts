import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ShareLinksTable } from '../db/tables/preview.js';

export type ShareLinkRow = Selectable<ShareLinksTable>;

/** SQL for share-preview links; the service decides what a row means. */
export function shareLinkStore(db: Kysely<DB>) {
  return {
    async insert(row: { article_id: number; token_hash: string; created_by: number | null; created_at: string; expires_at: string }): Promise<ShareLinkRow> {
      return db.insertInto('share_links').values(row).returningAll().executeTakeFirstOrThrow();
    },

    byHash: (tokenHash: string) => db.selectFrom('share_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst(),

    /** An article's links that still open, soonest to end first. */
    active: (articleId: number, at: string) =>
      db
        .selectFrom('share_links')
        .selectAll()
        .where('article_id', '=', articleId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .orderBy('expires_at')
        .orderBy('id')
        .execute(),

    /** Revokes one of an article's links; false when it has no such open link. */
    async revoke(articleId: number, id: number, at: string): Promise<boolean> {
      const result = await db
        .updateTable('share_links')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('article_id', '=', articleId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
