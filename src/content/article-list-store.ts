import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/connection.js';
import type { ArticleStatus } from './workflow.js';

export type ListSort = 'updated' | 'published' | 'headline';
export type ListDir = 'asc' | 'desc';

/** Where a row stands in the list's order: its sort value, then its id to break ties. */
export interface ListKey {
  value: string;
  id: number;
}

/** Which stretch of the list: the start, the rows after or before a row, or the end. */
export type ListStretch = { after: ListKey } | { before: ListKey } | { last: true } | Record<string, never>;

export interface NewsroomListFilter {
  status?: ArticleStatus;
  sectionSlug?: string;
  authorSlug?: string;
  /** Text anywhere in the headline, in any case; `%` and `_` match themselves. */
  headlineContains?: string;
  /** Only articles bylined to `authorId`, plus every published one when `published` (article-policy's viewableScope). */
  viewableBy?: { authorId: number | null; published: boolean };
}

export interface NewsroomListQuery extends NewsroomListFilter {
  sort: ListSort;
  dir: ListDir;
  stretch: ListStretch;
  limit: number;
}

/**
 * The sort keys exactly as migration 020's indexes spell them, so that both databases walk
 * an index in list order and stop at the page's end instead of sorting every match.
 */
const sortKey: Record<ListSort, RawBuilder<string>> = {
  updated: sql<string>`updated_at`,
  published: sql<string>`coalesce(published_at, '')`,
  headline: sql<string>`headline`,
};

/**
 * The newsroom list's queries: one page of ids by keyset (cost follows the page, not how deep
 * it is), and a count that stops at a cap. Article rows are read only for the page's ids.
 */
export function articleListStore({ db, dialect }: Database) {
  function where(filter: NewsroomListFilter) {
    let q = db.selectFrom('articles');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.sectionSlug) {
      const slug = filter.sectionSlug;
      // The unary plus keeps the planner off the section's date index: sorting a whole section (tens of thousands of rows)
      // costs far more than walking the list's own index in order and skipping the other sections' rows in it.
      q = q.where(sql<number>`+section_id`, '=', (eb) => eb.selectFrom('sections').select('sections.id').where('sections.slug', '=', slug));
    }
    if (filter.authorSlug) {
      const slug = filter.authorSlug;
      q = q.where('id', 'in', (eb) =>
        eb
          .selectFrom('article_authors')
          .select('article_authors.article_id')
          .where('article_authors.author_id', '=', (inner) => inner.selectFrom('authors').select('authors.id').where('authors.slug', '=', slug)),
      );
    }
    if (filter.headlineContains) {
      // '!' escapes the wildcards: unlike a backslash, it reads the same in SQLite and PostgreSQL string literals.
      const pattern = `%${filter.headlineContains.replace(/[!%_]/g, '!$&')}%`;
      q = q.where(sql<boolean>`headline ${sql.raw(dialect.anyCaseLike)} ${pattern} escape '!'`);
    }
    if (filter.viewableBy) {
      const { authorId, published } = filter.viewableBy;
      q = q.where((eb) =>
        eb.or([
          ...(authorId === null ? [] : [eb('id', 'in', eb.selectFrom('article_authors').select('article_authors.article_id').where('article_authors.author_id', '=', authorId))]),
          ...(published ? [eb('status', '=', 'published')] : []),
          sql<boolean>`1 = 0`,
        ]),
      );
    }
    return q;
  }

  return {
    /**
     * Up to `limit` rows of one stretch of the list, in list order, and whether the walk found
     * more beyond them (after the page when walking forward; before it for `before` and `last`).
     */
    async page(query: NewsroomListQuery): Promise<{ rows: Array<ListKey>; more: boolean }> {
      const key = sortKey[query.sort];
      const backwards = 'before' in query.stretch || 'last' in query.stretch;
      const walk: ListDir = backwards === (query.dir === 'desc') ? 'asc' : 'desc';
      let q = where(query).select([key.as('value'), 'id']);
      const from = 'after' in query.stretch ? query.stretch.after : 'before' in query.stretch ? query.stretch.before : undefined;
      if (from) q = q.where(sql<boolean>`(${key}, id) ${sql.raw(walk === 'desc' ? '<' : '>')} (${from.value}, ${from.id})`);
      const rows = await q
        .orderBy(key, walk)
        .orderBy('id', walk)
        .limit(query.limit + 1)
        .execute();
      const more = rows.length > query.limit;
      const page = rows.slice(0, query.limit).map((r) => ({ value: String(r.value), id: Number(r.id) }));
      return { rows: backwards ? page.reverse() : page, more };
    },

    /** How many articles match, counting no further than `cap` (a deep count costs a walk of every match). */
    async count(filter: NewsroomListFilter, cap: number): Promise<number> {
      const { n } = await db
        .selectFrom(where(filter).select(sql<number>`1`.as('one')).limit(cap).as('matches'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
  };
}

export type ArticleListStore = ReturnType<typeof articleListStore>;
