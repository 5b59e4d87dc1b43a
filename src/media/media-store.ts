import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { MediaTable } from '../db/tables/editor.js';

export type MediaRow = Selectable<MediaTable>;

/** An article that shows an image, and where: in its body or as its lead image. */
export interface MediaUseRow {
  article_id: number;
  headline: string;
  status: string;
  place: 'body' | 'lead';
  author_ids: number[];
}

/** A standing page whose body shows an image. */
export interface MediaPageUseRow {
  page_id: number;
  title: string;
  status: string;
}

/** `%` and `_` are plain characters; '!' escapes them, reading the same in SQLite and PostgreSQL. */
const containsPattern = (text: string) => `%${text.replace(/[!%_]/g, '!$&')}%`;

/** Rows describing uploaded images; the files themselves live under DATA_DIR/media. */
export function mediaStore(db: Kysely<DB>) {
  /** Items whose alt text or caption contains `q`, in any case. */
  const matching = (q: string) => {
    let query = db.selectFrom('media');
    if (q) {
      const pattern = containsPattern(q);
      query = query.where((eb) =>
        eb.or([sql<boolean>`lower(${sql.ref('alt')}) like lower(${pattern}) escape '!'`, sql<boolean>`lower(${sql.ref('caption')}) like lower(${pattern}) escape '!'`]),
      );
    }
    return query;
  };

  return {
    insert: (row: Omit<MediaRow, 'id'>) => db.insertInto('media').values(row).returningAll().executeTakeFirstOrThrow(),
    get: (id: number) => db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst(),
    /** The picture an import fetched from this address, if one did (the oldest, should there be several). */
    bySourceUrl: (url: string) => db.selectFrom('media').selectAll().where('source_url', '=', url).orderBy('id').limit(1).executeTakeFirst(),

    /** Newest first. */
    search: (q: string, limit: number, offset: number) => matching(q).selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    count: async (q: string) => Number((await matching(q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),

    updateText: (id: number, text: Pick<MediaRow, 'alt' | 'caption' | 'credit'>) => db.updateTable('media').set(text).where('id', '=', id).returningAll().executeTakeFirst(),

    /**
     * The articles using an image: body and feature-image uses found by the triggers of
     * migration 017, and lead images chosen from the library (articles.image_media_id).
     */
    async uses(mediaId: number): Promise<MediaUseRow[]> {
      const rows = await db
        .selectFrom('media_uses')
        .innerJoin('articles', 'articles.id', 'media_uses.article_id')
        .select(['articles.id as article_id', 'articles.headline', 'articles.status', 'media_uses.place'])
        .where('media_uses.media_id', '=', mediaId)
        .union(
          db
            .selectFrom('articles')
            .select(['articles.id as article_id', 'articles.headline', 'articles.status', sql<string>`'lead'`.as('place')])
            .where('articles.image_media_id', '=', mediaId),
        )
        .execute();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.article_id);
      const bylines = await db.selectFrom('article_authors').select(['article_id', 'author_id']).where('article_id', 'in', ids).execute();
      return rows
        .map((r) => ({ ...r, place: r.place as MediaUseRow['place'], author_ids: bylines.filter((b) => b.article_id === r.article_id).map((b) => b.author_id) }))
        .sort((a, b) => b.article_id - a.article_id || a.place.localeCompare(b.place));
    },

    /** The standing pages whose bodies show an image (migration 027's triggers), by title. */
    pageUses: (mediaId: number): Promise<MediaPageUseRow[]> =>
      db
        .selectFrom('page_media_uses')
        .innerJoin('pages', 'pages.id', 'page_media_uses.page_id')
        .select(['pages.id as page_id', 'pages.title', 'pages.status'])
        .where('page_media_uses.media_id', '=', mediaId)
        .orderBy('pages.title')
        .orderBy('pages.id')
        .execute(),

    /** Deletes the row unless some article or page uses it; true when deleted. One statement, so a save in between cannot slip past. */
    async deleteUnused(id: number): Promise<boolean> {
      const result = await db
        .deleteFrom('media')
        .where('id', '=', id)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('media_uses').select('media_id').where('media_id', '=', id))))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('articles').select('id').where('image_media_id', '=', id))))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('page_media_uses').select('media_id').where('media_id', '=', id))))
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
