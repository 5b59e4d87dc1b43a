import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';
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

/** A SQLite FTS5 string: the text as one quoted phrase, which the trigram tokenizer matches as a substring in any case. */
const ftsPhrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The trigram index narrows nothing for text shorter than a trigram. */
export const narrowable = (text: string) => [...text].length >= 3;

/**
 * The newsroom list's queries: one page of ids by keyset (cost follows the page, not how deep
 * it is), a count that stops at a cap, and, for a headline search that the trigram index
 * (migration 022) says is rare, one query that reads every match. Article rows are read only
 * for the page's ids.
 */
export function articleListStore({ db, dialect }: Database) {
  /**
   * The filter. `walking` is for queries that walk a list index in list order: there the section is only checked on
   * each entry (the unary plus keeps the planner off the section's own indexes, as sorting a whole section costs far more
   * than skipping other sections' rows). A count or a read of every match instead starts from the section's entries.
   * `byTrigrams` starts from the headline trigram index's matches instead.
   */
  function where(filter: NewsroomListFilter, { walking = false, byTrigrams = false } = {}) {
    let q = byTrigrams && filter.headlineContains && dialect.headlineTrigrams === 'fts5-table' ? fromHeadlineTrigrams(filter.headlineContains) : db.selectFrom('articles');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.sectionSlug) {
      const slug = filter.sectionSlug;
      q = q.where(walking ? sql<number>`+section_id` : sql<number>`section_id`, '=', (eb) => eb.selectFrom('sections').select('sections.id').where('sections.slug', '=', slug));
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

  /**
   * SQLite: the articles whose headlines the trigram table matches. PostgreSQL's ilike finds its trigram index by
   * itself; SQLite's trigrams are a table to ask. The LIKE in `where` still decides, so that both ways of reading the
   * list agree (FTS5 folds more than ASCII case). INDEXED BY, because the planner would rather look each match up by
   * rowid in the wide row, whose body sits before its status and dates, than in the narrow index made for this.
   */
  function fromHeadlineTrigrams(text: string) {
    const articles = sql<DB['articles']>`(SELECT * FROM articles INDEXED BY articles_list_rows
      WHERE id IN (SELECT rowid FROM article_headlines WHERE article_headlines MATCH ${ftsPhrase(text)}))`;
    return db.selectFrom(articles.as('articles'));
  }

  /** The direction to walk the index in: backwards from the end for `before` and `last`. */
  function walkOf(query: Pick<NewsroomListQuery, 'dir' | 'stretch'>): { walk: ListDir; backwards: boolean; from?: ListKey } {
    const backwards = 'before' in query.stretch || 'last' in query.stretch;
    const walk: ListDir = backwards === (query.dir === 'desc') ? 'asc' : 'desc';
    const from = 'after' in query.stretch ? query.stretch.after : 'before' in query.stretch ? query.stretch.before : undefined;
    return { walk, backwards, from };
  }

  const toKeys = (rows: Array<{ value: unknown; id: unknown }>) => rows.map((r) => ({ value: String(r.value), id: Number(r.id) }));

  return {
    /**
     * Up to `limit` rows of one stretch of the list, in list order, and whether the walk found
     * more beyond them (after the page when walking forward; before it for `before` and `last`).
     */
    async page(query: NewsroomListQuery): Promise<{ rows: Array<ListKey>; more: boolean }> {
      const key = sortKey[query.sort];
      const { walk, backwards, from } = walkOf(query);
      let q = where(query, { walking: true }).select([key.as('value'), 'id']);
      if (from) q = q.where(sql<boolean>`(${key}, id) ${sql.raw(walk === 'desc' ? '<' : '>')} (${from.value}, ${from.id})`);
      const rows = await q
        .orderBy(key, walk)
        .orderBy('id', walk)
        .limit(query.limit + 1)
        .execute();
      const more = rows.length > query.limit;
      const page = toKeys(rows.slice(0, query.limit));
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

    /**
     * How many headlines contain `text` by the trigram index alone (any status, any case), counting no further than
     * `cap`; undefined for text too short for trigrams, which the index cannot narrow.
     */
    async headlineMatches(text: string, cap: number): Promise<number | undefined> {
      if (!narrowable(text)) return undefined;
      const matches =
        dialect.headlineTrigrams === 'fts5-table'
          ? sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM article_headlines WHERE article_headlines MATCH ${ftsPhrase(text)} LIMIT ${cap})`
          : sql<{ n: number }>`SELECT count(*) AS n FROM ${where({ headlineContains: text }).select(sql`1`.as('one')).limit(cap)} AS matches`;
      const { rows } = await matches.execute(db);
      return Number(rows[0]?.n ?? 0);
    },

    /**
     * For a search the trigram index says is rare: every match read once through the index (never a walk of the list),
     * counted, and sorted; `rows(limit)` then gives up to `limit` rows of the asked stretch as `page` does.
     */
    async fewMatches(query: Omit<NewsroomListQuery, 'limit'>, most: number): Promise<{ total: number; rows: (limit: number) => { rows: Array<ListKey>; more: boolean } }> {
      const key = sortKey[query.sort];
      const { walk, backwards, from } = walkOf(query);
      const matches = where(query, { byTrigrams: true }).select([key.as('value'), 'id']);
      const after = from ? sql`WHERE (value, id) ${sql.raw(walk === 'desc' ? '<' : '>')} (${from.value}, ${from.id})` : sql``;
      const order = sql.raw(`value ${walk}, id ${walk}`);
      // Materialized: the matches are read once, for the count and for the page. (Kysely puts a query in brackets.)
      const { rows } = await sql<{ value: string | null; id: number | null; total: number }>`WITH matches AS MATERIALIZED ${matches}
        SELECT page.value, page.id, counted.total
        FROM (SELECT count(*) AS total FROM matches) AS counted
        LEFT JOIN (SELECT value, id FROM matches ${after} ORDER BY ${order} LIMIT ${most + 1}) AS page ON true
        ORDER BY ${order}`.execute(db);
      const walked = toKeys(rows.filter((r) => r.id !== null));
      return {
        total: Number(rows[0]?.total ?? 0),
        rows: (limit) => {
          const page = walked.slice(0, limit);
          return { rows: backwards ? page.reverse() : page, more: walked.length > limit };
        },
      };
    },
  };
}

export type ArticleListStore = ReturnType<typeof articleListStore>;
