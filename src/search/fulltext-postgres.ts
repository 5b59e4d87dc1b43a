import { sql, type RawBuilder } from 'kysely';
import type { FullTextIndex, Highlighted } from './fulltext.js';
import { MARK_END, MARK_START } from './fulltext.js';
import type { ParsedQuery } from './query.js';

/**
 * A tsquery built from parsed words, each passed as a bound parameter through
 * phraseto_tsquery, so no reader text is ever parsed as tsquery syntax.
 */
export function tsQuery(q: ParsedQuery): RawBuilder<unknown> {
  const phrase = (words: string[]) => sql`phraseto_tsquery('english', ${words.join(' ')})`;
  return sql`(${sql.join([...q.required.map(phrase), ...q.excluded.map((w) => sql`!!${phrase(w)}`)], sql` && `)})`;
}

/** The required words alone: ts_rank scores a query with a NOT as all but zero. */
const rankQuery = (q: ParsedQuery) => tsQuery({ ...q, excluded: [] });

const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const snippetOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=32, MinWords=16, MaxFragments=1, FragmentDelimiter=" … "`;

export const postgresFullText: FullTextIndex = {
  async newestIds(db, query, where, limit) {
    const { rows } = await sql<{ id: number }>`SELECT a.id FROM article_search s JOIN articles a ON a.id = s.article_id
      WHERE s.document @@ ${tsQuery(query)} AND ${where}
      ORDER BY a.id DESC LIMIT ${limit}`.execute(db);
    return rows.map((r) => r.id);
  },

  async rankedPage(db, query, where, { minId, order, limit, offset }) {
    // ts_rank's default weights {D, C, B, A} = {0.1, 0.2, 0.4, 1.0}: headline (A) > standfirst (B) > body (D).
    const by = order === 'date' ? sql`a.published_at DESC, a.id DESC` : sql`ts_rank(s.document, ${rankQuery(query)}) DESC, a.id DESC`;
    const { rows } = await sql<{ id: number }>`SELECT a.id FROM article_search s JOIN articles a ON a.id = s.article_id CROSS JOIN (SELECT ${tsQuery(query)} AS q) tq
      WHERE s.document @@ tq.q AND s.article_id >= ${minId} AND ${where}
      ORDER BY ${by} LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return rows.map((r) => r.id);
  },

  async highlight(db, query, ids) {
    const out = new Map<number, Highlighted>();
    if (!ids.length) return out;
    const { rows } = await sql<{ id: number } & Highlighted>`SELECT a.id,
        ts_headline('english', a.headline, tq.q, ${headlineOptions}) AS headline,
        ts_headline('english', a.standfirst, tq.q, ${headlineOptions}) AS standfirst,
        ts_headline('english', a.body_text, tq.q, ${snippetOptions}) AS snippet
      FROM articles a CROSS JOIN (SELECT ${tsQuery(query)} AS q) tq WHERE a.id = ANY(${ids}::int[])`.execute(db);
    for (const { id, ...h } of rows) out.set(id, h);
    return out;
  },
};
