import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type { PagesTable } from '../db/tables/pages.js';

export type PageRow = Selectable<PagesTable>;

/** What a save writes; the store stamps the times. */
export interface PageWrite {
  slug: string;
  title: string;
  standfirst: string;
  /** Block JSON, already validated. */
  body: string;
  status: 'draft' | 'published';
}

/** A published page as the footer and the sitemap name it. */
export interface PageLink {
  slug: string;
  title: string;
}

/** The `pages` table (migration 023). */
export function pageStore(db: Kysely<DB>) {
  return {
    /** Every page, drafts too, by title: the newsroom's list. */
    list: (): Promise<PageRow[]> => db.selectFrom('pages').selectAll().orderBy('title').orderBy('id').execute(),

    get: (id: number): Promise<PageRow | undefined> => db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst(),

    bySlug: (slug: string): Promise<PageRow | undefined> => db.selectFrom('pages').selectAll().where('slug', '=', slug).executeTakeFirst(),

    publishedBySlug: (slug: string): Promise<PageRow | undefined> =>
      db.selectFrom('pages').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst(),

    /** The published pages' addresses and titles, by title. */
    publishedLinks: (): Promise<PageLink[]> => db.selectFrom('pages').select(['slug', 'title']).where('status', '=', 'published').orderBy('title').execute(),

    async insert(page: PageWrite, at: string): Promise<PageRow> {
      return db
        .insertInto('pages')
        .values({ ...page, created_at: at, updated_at: at, published_at: page.status === 'published' ? at : null })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Saves over the page; the first publication is remembered. Undefined when there is no such page. */
    async update(id: number, page: PageWrite, at: string): Promise<PageRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('pages').select('published_at').where('id', '=', id).executeTakeFirst();
        if (!before) return undefined;
        const publishedAt = before.published_at ?? (page.status === 'published' ? at : null);
        return trx.updateTable('pages').set({ ...page, updated_at: at, published_at: publishedAt }).where('id', '=', id).returningAll().executeTakeFirst();
      });
    },

    async remove(id: number): Promise<boolean> {
      const result = await db.deleteFrom('pages').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export type PageStore = ReturnType<typeof pageStore>;
