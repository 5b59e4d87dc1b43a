import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { PLAN_EACH_TIME } from '../db/prepared-statements.js';
import type { FullTextIndex, Highlighted, SearchScope } from './fulltext.js';
import { MARK_END, MARK_START } from './fulltext.js';
import type { ParsedQuery } from './query.js';
import { phrasePairs } from './word-pairs-postgres.js';

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

/**
 * Ids in the first window: the newest 4,096 hold a common word's newest `cap` matches, and
 * walking them costs a few milliseconds whatever the words.
 */
const FIRST_WINDOW = 4_096;

/** The next window's width: wide enough, at the density seen so far, for the matches still wanted, with a margin. */
const nextWidth = (walked: number, found: number, wanted: number) => (found ? Math.ceil(((wanted * walked) / found) * 1.25) : Number.POSITIVE_INFINITY);

/**
 * The matches in scope within a window of ids. `walk` tests each article of the window in
 * turn rather than reading the words' postings: `IS TRUE` hides the test from the GIN index,
 * whose bitmap PostgreSQL prices far below what reading a frequent word's postings costs
 * (10 ms for a word in a third of 250,000 articles, against 1.6 ms to walk to its newest 1,000).
 * With word `pairs` the pairs' index finds the candidates and the document only confirms the
 * phrase, so the document's index is hidden then too: reading both words' postings would
 * cost more than the whole rest.
 */
function matches(query: ParsedQuery, scope: SearchScope, window: [number, number], { walk, pairs }: { walk: boolean; pairs: number[] }): { from: RawBuilder<unknown>; where: RawBuilder<unknown> } {
  const test = sql`s.document @@ ${tsQuery(query)}`;
  const parts = [walk || pairs.length ? sql`(${test}) IS TRUE` : test, sql`s.article_id BETWEEN ${window[0]} AND ${window[1]}`];
  if (pairs.length) parts.push(sql`s.pairs @> ${pairs}::int2[]`);
  if (scope.idIn) parts.push(sql`s.article_id IN ${scope.idIn}`);
  if (scope.where) parts.push(scope.where);
  const from = scope.where ? sql`article_search s JOIN articles a ON a.id = s.article_id` : sql`article_search s`;
  return { from, where: sql.join(parts, sql` AND `) };
}

/**
 * The newest `cap` matches in scope, newest first, found a window of ids at a time from the
 * newest down. One statement over every id would leave PostgreSQL two plans, each slow for
 * some words: walking the id index backwards tests every article until `cap` match (30 ms
 * for a word in 3% of 250,000 articles), and a bitmap of the word's postings visits all of
 * them (15 ms for a word in 10%). Within a window both are cheap: the first is walked, and a
 * rarer match widens the next window to what the density seen so far says the rest needs,
 * so it takes two or three, where PostgreSQL picks between the two for the window's words
 * (hence PLAN_EACH_TIME).
 */
async function newestMatches(db: Kysely<DB>, query: ParsedQuery, scope: SearchScope, cap: number, firstWindow: number): Promise<number[]> {
  // Two lookups of their own, asked at once on two of the pool's connections.
  const [[lowest, highest], pairs] = await Promise.all([
    scope.range ?? sql<{ top: number | null }>`SELECT max(article_id) AS top FROM article_search`.execute(db).then((r): [number, number] => [1, r.rows[0]?.top ?? 0]),
    phrasePairs(db, query),
  ]);
  const ids: number[] = [];
  for (let high = highest, width = firstWindow; high >= lowest && ids.length < cap; ) {
    const low = Math.max(lowest, high - width + 1);
    const first = high === highest;
    const { from, where } = matches(query, scope, [low, high], { walk: first, pairs });
    // After the first window the matches are known to be sparse: ordering by an expression keeps PostgreSQL
    // from walking the id index backwards through the window, and it takes the words' postings instead.
    const order = first ? sql`s.article_id` : sql`s.article_id + 0`;
    const { rows } = await sql<{ id: number }>`${sql.raw(PLAN_EACH_TIME)} SELECT s.article_id AS id FROM ${from} WHERE ${where}
      ORDER BY ${order} DESC LIMIT ${cap - ids.length}`.execute(db);
    for (const r of rows) ids.push(r.id);
    width = nextWidth(highest - low + 1, ids.length, cap - ids.length);
    high = low - 1;
  }
  return ids;
}

/** PostgreSQL's engine; tests give a small first window to walk several over a small archive. */
export const postgresFullTextIndex = (firstWindow = FIRST_WINDOW): FullTextIndex => ({
  async rankedPage(db, query, scope, { order, cap, limit, offset }) {
    const ids = await newestMatches(db, query, scope, cap, firstWindow);
    if (!ids.length || offset >= ids.length) return { ids: [], candidates: ids.length };
    // ts_rank's default weights {D, C, B, A} = {0.1, 0.2, 0.4, 1.0}: headline (A) > standfirst (B) > body (D).
    const { rows } =
      order === 'date'
        ? await sql<{ id: number }>`SELECT a.id FROM articles a WHERE a.id = ANY(${ids}::int[])
            ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db)
        : await sql<{ id: number }>`SELECT r.article_id AS id FROM article_search r WHERE r.article_id = ANY(${ids}::int[])
            ORDER BY ts_rank(r.document, ${rankQuery(query)}) DESC, r.article_id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return { ids: rows.map((r) => r.id), candidates: ids.length };
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
});

export const postgresFullText = postgresFullTextIndex();
