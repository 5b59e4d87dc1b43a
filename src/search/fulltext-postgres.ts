import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import { PLAN_EACH_TIME } from '../db/prepared-statements.js';
import type { FullTextIndex, Highlighted, RankOrder, SearchScope } from './fulltext.js';
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

/** Bodies longer than this many characters are highlighted in a passage this long (see highlight). */
const PASSAGE = 800;
/** Characters of the passage before the words first appear: more than a snippet's 32 words reach back. */
const PASSAGE_BEFORE = 250;
/** The passage's last word and the space before it (a PostgreSQL regular expression). */
const LAST_WORD = String.raw`\s+\S*$`;

/**
 * The start each required word shares with its stem ("econom" for economy, whose stem is
 * economi; "friend" for friends), lower-cased and capitalised: where a body's text first holds
 * one, its match is likely to be. Stop words have no stem and no prefix.
 */
const stemPrefixes = (q: ParsedQuery) => sql`ARRAY(SELECT DISTINCT v FROM (
    SELECT left(w, (SELECT max(i) FROM generate_series(1, least(length(w), length(l))) i WHERE left(w, i) = left(l, i))) AS p
    FROM unnest(${q.required.flat().map((w) => w.toLowerCase())}::text[]) w, unnest(tsvector_to_array(to_tsvector('english', w))) l
    WHERE left(w, 1) = left(l, 1)) x, unnest(ARRAY[p, initcap(p)]) v)`;

const headlineOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
const snippetOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=32, MinWords=16, MaxFragments=1, FragmentDelimiter=" … "`;

/**
 * Ids in the first window when the words' frequencies are not known: the newest 4,096 hold a
 * common word's newest `cap` matches, and walking them costs a few milliseconds whatever the words.
 */
const FIRST_WINDOW = 4_096;

/**
 * The expected share of matching documents from which the first window is walked: walking
 * tests every article (about 0.8 µs each), reading postings costs a quarter of that per
 * posting of the words, over the whole archive, plus about 3 µs per match; at a fifth and
 * above, walking to `cap` matches costs less.
 */
const WALK_DENSITY = 0.2;

/** A window's width: wide enough, at this density, for the matches still wanted, with a margin. */
const widthFor = (density: number, wanted: number) => (density > 0 ? Math.ceil((wanted / density) * 1.25) : Number.POSITIVE_INFINITY);

/** The newest search row's id, where every search starts (NULL with none). */
const NEWEST_ROW = sql`(SELECT max(article_id) FROM article_search)`;

/**
 * Where the search starts: the newest search row, and at most what share of documents can
 * match `query` (undefined until ANALYZE has looked at the documents), asked in one statement.
 * No more can match than hold its least frequent word, whose share comes from the statistics
 * ANALYZE keeps on the documents (each frequent lexeme's share of rows; a rarer one is below
 * the least of them). Knowing it, a rare word's search goes straight to a window wide enough
 * for its matches instead of first walking 4,096 articles to learn that they are few. The
 * words' shares multiplied, as if they were independent, would be nearer for most pairs, but
 * names and phrases go together far more often than chance, and a window too wide for them
 * cost 50 ms where one too narrow costs another window.
 */
async function searchStart(db: Kysely<DB>, query: ParsedQuery): Promise<{ top: number; density?: number }> {
  const { rows } = await sql<{ top: number | null; density: number | null }>`WITH st AS (
      SELECT most_common_elems::text::text[] AS e, most_common_elem_freqs AS f FROM pg_stats
      WHERE schemaname = current_schema() AND tablename = 'article_search' AND attname = 'document')
    SELECT ${NEWEST_ROW} AS top,
      (SELECT min(coalesce(st.f[array_position(st.e, l)], st.f[cardinality(st.e) + 1]))
        FROM st, unnest(tsvector_to_array(to_tsvector('english', ${query.required.flat().join(' ')}))) AS l) AS density`.execute(db);
  const row = rows[0]!;
  return { top: row.top ?? 0, density: row.density ?? undefined };
}

const newestRow = async (db: Kysely<DB>) => (await sql<{ top: number | null }>`SELECT ${NEWEST_ROW} AS top`.execute(db)).rows[0]?.top ?? 0;

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

/** A match and its rank, when the search is by relevance. */
interface Match {
  id: number;
  rank: number | null;
}

/**
 * A match's rank, read in the same statement that finds it: a second pass over the matches'
 * documents (ts_rank over 1,000 of them by id) cost 3–7 ms a search.
 * ts_rank's default weights {D, C, B, A} = {0.1, 0.2, 0.4, 1.0}: headline (A) > standfirst (B) > body (D).
 */
const rankOf = (query: ParsedQuery, order: RankOrder) => (order === 'relevance' ? sql`ts_rank(s.document, ${rankQuery(query)})` : sql`NULL::real`);

/**
 * Between this share of matching documents and WALK_DENSITY, PostgreSQL misjudges a window
 * it should read from the words' postings: it walks the id index forward through the whole
 * window, testing every article, which it prices as cheap as the postings (20–25 ms against
 * 8–9 for a word in 6% of 250,000 articles). Such a window is planned without plain index
 * scans; below this share it picks the postings itself.
 */
const MISJUDGED_DENSITY = 0.04;

/** Runs a window's statement; `postingsOnly` plans it with no plain index scan, in a transaction of its own (SET LOCAL ends with it). */
function runWindow(db: Kysely<DB>, statement: RawBuilder<Match>, postingsOnly: boolean) {
  if (!postingsOnly) return statement.execute(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    return statement.execute(trx);
  });
}

/**
 * The newest `cap` matches in scope, newest first, found a window of ids at a time from the
 * newest down. One statement over every id would leave PostgreSQL two plans, each slow for
 * some words: walking the id index backwards tests every article until `cap` match (30 ms
 * for a word in 3% of 250,000 articles), and a bitmap of the word's postings visits all of
 * them (15 ms for a word in 10%). Within a window both are cheap. The first is as wide as the
 * words' expected share says `cap` matches need (searchStart), walked when they are common;
 * fewer matches than expected (the words go together less often than chance, or a filter
 * leaves few) widen the next window to what the density seen so far says the rest needs,
 * where PostgreSQL picks between the two plans for the window's words (hence PLAN_EACH_TIME).
 */
async function newestMatches(db: Kysely<DB>, query: ParsedQuery, scope: SearchScope, { cap, order }: { cap: number; order: RankOrder }, firstWindow?: number): Promise<Match[]> {
  // A filter (a section, an author) can leave matches far rarer than the words' shares say: then the
  // first window is walked, as wide as with no shares, and the density it finds sizes the next.
  const filtered = Boolean(scope.where || scope.idIn);
  const estimate = !firstWindow && !filtered;
  const start: Promise<{ top?: number; density?: number }> = estimate ? searchStart(db, query) : scope.range ? Promise.resolve({}) : newestRow(db).then((top) => ({ top }));
  // Two lookups of their own, asked at once on two of the pool's connections.
  const [{ top, density }, pairs] = await Promise.all([start, phrasePairs(db, query)]);
  const [lowest, highest] = scope.range ?? [1, top ?? 0];
  const walkFirst = density === undefined || density >= WALK_DENSITY;
  const firstWidth = density === undefined ? (firstWindow ?? FIRST_WINDOW) : Math.max(widthFor(density, cap), walkFirst ? FIRST_WINDOW : 0);
  const found: Match[] = [];
  const rank = rankOf(query, order);
  for (let high = highest, width = firstWidth, expected = density; high >= lowest && found.length < cap; ) {
    const low = Math.max(lowest, high - width + 1);
    const walk = high === highest && walkFirst;
    const { from, where } = matches(query, scope, [low, high], { walk, pairs });
    // A window not walked holds sparse matches: ordering by an expression keeps PostgreSQL from walking
    // the id index backwards through it, and it takes the words' postings instead.
    const byId = walk ? sql`s.article_id` : sql`s.article_id + 0`;
    const statement = sql<Match>`${sql.raw(PLAN_EACH_TIME)} SELECT s.article_id AS id, ${rank} AS rank FROM ${from} WHERE ${where}
      ORDER BY ${byId} DESC LIMIT ${cap - found.length}`;
    const misjudged = !walk && !filtered && expected !== undefined && expected >= MISJUDGED_DENSITY && expected < WALK_DENSITY;
    const { rows } = await runWindow(db, statement, misjudged);
    for (const r of rows) found.push(r);
    expected = found.length / (highest - low + 1);
    width = widthFor(expected, cap - found.length);
    high = low - 1;
  }
  return found;
}

/** Highest rank first, then the highest id, as `ORDER BY rank DESC, id DESC` orders them; ranks are float4, read as the numbers they print as, so ties stay ties. */
const byRankThenId = (x: Match, y: Match) => (x.rank === y.rank ? y.id - x.id : x.rank! < y.rank! ? 1 : -1);

/**
 * PostgreSQL's engine. Tests give a small `firstWindow`, and no estimate, to walk several windows over a small archive.
 */
export const postgresFullTextIndex = (firstWindow?: number): FullTextIndex => ({
  async rankedPage(db, query, scope, { order, cap, limit, offset }) {
    const found = await newestMatches(db, query, scope, { cap, order }, firstWindow);
    if (order === 'relevance') return { ids: found.sort(byRankThenId).slice(offset, offset + limit).map((m) => m.id), candidates: found.length };
    if (offset >= found.length) return { ids: [], candidates: found.length };
    const { rows } = await sql<{ id: number }>`SELECT a.id FROM articles a WHERE a.id = ANY(${found.map((m) => m.id)}::int[])
      ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit} OFFSET ${offset}`.execute(db);
    return { ids: rows.map((r) => r.id), candidates: found.length };
  },

  /**
   * ts_headline parses all the text it is given, about 0.1 ms a kilobyte: 14 ms for a page of
   * twenty 7 KB articles. So a body longer than PASSAGE is highlighted in a passage of that
   * length around the first place one of the words' stems starts (found by strpos: lower() on
   * the body would cost as much as the parse); whole when that passage holds no match though
   * the body does (a stem inside another word, in capitals, or no prefix of its words); and
   * from its start, as a short body is, when the words are only in the headline or standfirst.
   * The passage ends before its last word, which the cut may have split. The body is read once
   * (`b.text`): each use of a compressed column would decompress it again.
   */
  async highlight(db, query, ids) {
    const out = new Map<number, Highlighted>();
    if (!ids.length) return out;
    const body = (text: RawBuilder<unknown>) => sql`ts_headline('english', ${text}, tq.q, ${snippetOptions})`;
    const { rows } = await sql<{ id: number } & Highlighted>`SELECT a.id,
        ts_headline('english', a.headline, tq.q, ${headlineOptions}) AS headline,
        ts_headline('english', a.standfirst, tq.q, ${headlineOptions}) AS standfirst,
        CASE WHEN strpos(p.passage, ${MARK_START}) > 0 THEN p.passage
          WHEN p.passage IS NULL OR ts_filter(s.document, '{d}') @@ tq.q THEN ${body(sql`b.text`)}
          ELSE ${body(sql`substr(b.text, 1, ${PASSAGE})`)} END AS snippet
      FROM articles a LEFT JOIN article_search s ON s.article_id = a.id
      CROSS JOIN (SELECT ${tsQuery(query)} AS q, ${stemPrefixes(query)} AS prefixes) tq
      CROSS JOIN LATERAL (SELECT a.body_text || '' AS text OFFSET 0) b
      CROSS JOIN LATERAL (SELECT CASE WHEN length(b.text) > ${PASSAGE} THEN ${body(sql`regexp_replace(substr(b.text,
          greatest(1, (SELECT min(nullif(strpos(b.text, w), 0)) FROM unnest(tq.prefixes) w) - ${PASSAGE_BEFORE}), ${PASSAGE}), ${LAST_WORD}, '')`)} END AS passage
        OFFSET 0) p
      WHERE a.id = ANY(${ids}::int[])`.execute(db);
    for (const { id, ...h } of rows) out.set(id, h);
    return out;
  },
});

export const postgresFullText = postgresFullTextIndex();
