import { sql } from 'kysely';
import type { FullTextIndex, Highlighted } from './fulltext.js';
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

/**
 * FTS5 reads a term's doclist in rowid order and seeks rowid ranges cheaply, but probing
 * it row by row (rowid = ?, IN lists, EXISTS) re-reads huge doclists for common words.
 * So every query here is driven by the index itself, joined to `articles` for filters.
 */
export const sqliteFullText: FullTextIndex = {
  async newestIds(db, query, where, limit) {
    const { rows } = await sql<{ id: number }>`SELECT article_search.rowid AS id
      FROM article_search JOIN articles a ON a.id = article_search.rowid
      WHERE article_search MATCH ${ftsExpression(query)} AND ${where}
      ORDER BY article_search.rowid DESC LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.id);
  },

  async rankedPage(db, query, where, { minId, order, limit, offset }) {
    const by = order === 'date' ? sql`a.published_at DESC, a.id DESC` : sql`${rank}, a.id DESC`;
    const { rows } = await sql<{ id: number }>`SELECT article_search.rowid AS id
      FROM article_search JOIN articles a ON a.id = article_search.rowid
      WHERE article_search MATCH ${ftsExpression(query)} AND article_search.rowid >= ${minId} AND ${where}
      ORDER BY ${by} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return rows.map((r) => r.id);
  },

  async highlight(db, query, ids) {
    const out = new Map<number, Highlighted>();
    if (!ids.length) return out;
    // The range is what FTS5 seeks; "+rowid" keeps the id list a plain filter on it.
    const lo = Math.min(...ids);
    const hi = Math.max(...ids);
    const { rows } = await sql<{ id: number } & Highlighted>`SELECT rowid AS id,
        highlight(article_search, 0, ${MARK_START}, ${MARK_END}) AS headline,
        highlight(article_search, 1, ${MARK_START}, ${MARK_END}) AS standfirst,
        snippet(article_search, 2, ${MARK_START}, ${MARK_END}, '…', 32) AS snippet
      FROM article_search WHERE article_search MATCH ${ftsExpression(query)} AND rowid BETWEEN ${lo} AND ${hi}
        AND +rowid IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`.execute(db);
    for (const { id, ...h } of rows) out.set(id, h);
    return out;
  },
};
