import { sql, type RawBuilder } from 'kysely';
import { PLAN_EACH_TIME } from '../db/prepared-statements.js';
import type { FullTextIndex, Highlighted, SearchScope } from './fulltext.js';
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

/** The index's matches in scope, as the GIN index and a join to `articles` find them. */
function matches(query: ParsedQuery, scope: SearchScope, byDate: boolean): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const parts = [sql`s.document @@ ${tsQuery(query)}`];
  if (scope.range) parts.push(sql`s.article_id BETWEEN ${scope.range[0]} AND ${scope.range[1]}`);
  if (scope.idIn) parts.push(sql`s.article_id IN ${scope.idIn}`);
  if (scope.where) parts.push(scope.where);
  const from = scope.where || byDate ? sql`article_search s JOIN articles a ON a.id = s.article_id` : sql`article_search s`;
  return { from, where: sql.join(parts, sql` AND `) };
}

export const postgresFullText: FullTextIndex = {
  async rankedPage(db, query, scope, { order, cap, limit, offset }) {
    const byDate = order === 'date';
    const { from, where } = matches(query, scope, byDate);
    // ts_rank's default weights {D, C, B, A} = {0.1, 0.2, 0.4, 1.0}: headline (A) > standfirst (B) > body (D).
    // Scored outside the capped inner query, so only the newest `cap` matches are ranked.
    const key = byDate ? sql`c.published_at` : sql`ts_rank(r.document, ${rankQuery(query)})`;
    const inner = byDate ? sql`s.article_id AS id, a.published_at` : sql`s.article_id AS id`;
    const { rows } = await sql<{ id: number; candidates: number }>`${sql.raw(PLAN_EACH_TIME)} SELECT c.id, count(*) OVER () AS candidates
      FROM (SELECT ${inner} FROM ${from} WHERE ${where} ORDER BY s.article_id DESC LIMIT ${cap}) c
      JOIN article_search r ON r.article_id = c.id
      ORDER BY ${key} DESC, c.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    if (rows.length || offset === 0) return { ids: rows.map((r) => r.id), candidates: rows[0]?.candidates ?? 0 };
    const { rows: count } = await sql<{ n: number }>`${sql.raw(PLAN_EACH_TIME)} SELECT count(*) AS n
      FROM (SELECT s.article_id FROM ${from} WHERE ${where} ORDER BY s.article_id DESC LIMIT ${cap}) c`.execute(db);
    return { ids: [], candidates: count[0]?.n ?? 0 };
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
