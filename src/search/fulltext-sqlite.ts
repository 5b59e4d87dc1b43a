import { sql, type RawBuilder } from 'kysely';
import type { FullTextIndex, Highlighted, SearchScope } from './fulltext.js';
import { MARK_END, MARK_START } from './fulltext.js';
import type { ParsedQuery } from './query.js';

/**
 * An FTS5 MATCH expression built from parsed words only. Each word or phrase is a
 * double-quoted FTS5 string, so no reader text can act as an operator.
 *
 * @example ftsExpression({ required: [['carbon', 'tax']], excluded: [['coal']], truncated: false }) // ("carbon tax") NOT "coal"
 */
export function ftsExpression(q: ParsedQuery): string {
  const phrase = (words: string[]) => `"${words.join(' ').replaceAll('"', '""')}"`;
  return [`(${q.required.map(phrase).join(' AND ')})`, ...q.excluded.map(phrase)].join(' NOT ');
}

// bm25 weights per column (headline, standfirst, body_text); bm25 is lower-is-better.
const rank = sql`bm25(article_search, 10.0, 4.0, 1.0)`;

const ids = (list: number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(list)}))`;

/**
 * The index's matches in scope, newest first. FTS5 walks a doclist cheaply in rowid
 * order and seeks rowid bounds, but looking rowids up one by one restarts the walk (and
 * bm25's statistics) each time, so every other filter is checked on each match as it
 * comes: id sets through "+rowid" (a plain filter, not a lookup), row filters through
 * the narrow articles_search_filter index (CROSS JOIN keeps the index the outer loop).
 */
function matches(query: ParsedQuery, scope: SearchScope, byDate: boolean): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const parts = [sql`article_search MATCH ${ftsExpression(query)}`];
  if (scope.range) parts.push(sql`article_search.rowid BETWEEN ${scope.range[0]} AND ${scope.range[1]}`);
  if (scope.idIn) parts.push(sql`+article_search.rowid IN ${scope.idIn}`);
  if (scope.where) parts.push(scope.where);
  const from = scope.where || byDate ? sql`article_search CROSS JOIN articles a INDEXED BY articles_search_filter ON a.id = article_search.rowid` : sql`article_search`;
  return { from, where: sql.join(parts, sql` AND `) };
}

export const sqliteFullText: FullTextIndex = {
  async rankedPage(db, query, scope, { order, cap, limit, offset }) {
    const byDate = order === 'date';
    const { from, where } = matches(query, scope, byDate);
    // The inner LIMIT stops the walk after `cap` matches, so bm25 scores only those.
    const key = byDate ? sql`a.published_at AS key` : sql`${rank} AS key`;
    const by = byDate ? sql`key DESC, id DESC` : sql`key, id DESC`;
    const { rows } = await sql<{ id: number; candidates: number }>`SELECT id, count(*) OVER () AS candidates
      FROM (SELECT article_search.rowid AS id, ${key} FROM ${from} WHERE ${where} ORDER BY article_search.rowid DESC LIMIT ${cap})
      ORDER BY ${by} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    if (rows.length || offset === 0) return { ids: rows.map((r) => r.id), candidates: rows[0]?.candidates ?? 0 };
    const { rows: count } = await sql<{ n: number }>`SELECT count(*) AS n
      FROM (SELECT article_search.rowid FROM ${from} WHERE ${where} ORDER BY article_search.rowid DESC LIMIT ${cap})`.execute(db);
    return { ids: [], candidates: count[0]?.n ?? 0 };
  },

  async highlight(db, query, list) {
    const out = new Map<number, Highlighted>();
    if (!list.length) return out;
    // "rowid IN" makes FTS5 seek each id in the doclists: a page's ids lie scattered over
    // the newest matches, and walking every match between them costs several times more.
    const { rows } = await sql<{ id: number } & Highlighted>`SELECT rowid AS id,
        highlight(article_search, 0, ${MARK_START}, ${MARK_END}) AS headline,
        highlight(article_search, 1, ${MARK_START}, ${MARK_END}) AS standfirst,
        snippet(article_search, 2, ${MARK_START}, ${MARK_END}, '…', 32) AS snippet
      FROM article_search WHERE article_search MATCH ${ftsExpression(query)} AND rowid IN ${ids(list)}`.execute(db);
    for (const { id, ...h } of rows) out.set(id, h);
    return out;
  },
};
