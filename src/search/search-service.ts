import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/connection.js';
import type { DB } from '../db/schema.js';
import { dayStart, isRealDay, nextDay } from './days.js';
import { fullTextFor } from './fulltext-engines.js';
import { MARK_END, MARK_START, type FullTextIndex, type Highlighted, type RankOrder, type SearchScope } from './fulltext.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { searchStore, type FilterIds, type HitArticle } from './search-store.js';
import { fillWordPairs } from './word-pairs-postgres.js';

export const PAGE_SIZE = 20;
/**
 * Most matches ranked for one query: the newest CANDIDATE_CAP matches are ranked and
 * a bigger result reads "more than" that. Ranking every match of a common word over a
 * century of articles would cost far more than the p95 budget allows.
 */
export const CANDIDATE_CAP = 1000;
/** A print issue or date filter bounds the ids scanned when it leaves at most this many articles. */
const RANGE_MAX = 50_000;

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2021-03-31');
const slug = z.string().trim().max(120).regex(/^[a-z0-9-]+$/, 'is not a known name');

/** Query-string parameters of /search; anything unusable is dropped with a note, never an error page. */
export interface SearchParams {
  q?: string;
  section?: string;
  author?: string;
  topic?: string;
  from?: string;
  to?: string;
  issue?: string;
  sort?: string;
  page?: string;
}

export interface SearchFilters {
  section?: string;
  author?: string;
  topic?: string;
  /** YYYY-MM-DD, inclusive, in the publication's time zone. */
  from?: string;
  to?: string;
  issue?: number;
}

export type SearchSort = RankOrder;

export interface SearchHit extends HitArticle {
  marked: Highlighted;
}

export interface SearchResults {
  /** What the reader typed (cut to the length limit). */
  q: string;
  query: ParsedQuery;
  filters: SearchFilters;
  sort: SearchSort;
  page: number;
  pageCount: number;
  hits: SearchHit[];
  total: number;
  /** The total is a floor: more articles match than were ranked. */
  moreThanTotal: boolean;
  /** The full-text query ran (there were words to look for and every filter was usable). */
  searched: boolean;
  /** Things in the request that were ignored or that explain an empty result, for the reader. */
  notes: string[];
}

/**
 * Full-text search over published articles with filters, two sort orders and
 * highlighted snippets. Both databases give the same answers through FullTextIndex.
 */
export function searchService(database: Database, options: { timeZone: string }) {
  const db: Kysely<DB> = database.db;
  const index: FullTextIndex = fullTextFor(database.dialect);
  const store = searchStore(db, database.dialect);

  function readParams(params: SearchParams): { q: string; filters: SearchFilters; sort: SearchSort; page: number; notes: string[] } {
    const notes: string[] = [];
    const filters: SearchFilters = {};
    const field = <T>(schema: z.ZodType<T>, value: string | undefined, label: string): T | undefined => {
      if (value === undefined || value.trim() === '') return undefined;
      const r = schema.safeParse(value);
      if (r.success) return r.data;
      notes.push(`The ${label} "${value.slice(0, 60)}" ${r.error.issues[0]?.message ?? 'is not valid'}, so it was ignored.`);
      return undefined;
    };
    filters.section = field(slug, params.section, 'section');
    filters.author = field(slug, params.author, 'author');
    filters.topic = field(slug, params.topic, 'topic');
    filters.from = field(ymd.refine(realDay, 'is not a real date'), params.from, '"from" date');
    filters.to = field(ymd.refine(realDay, 'is not a real date'), params.to, '"to" date');
    filters.issue = field(z.coerce.number().int().positive().max(1_000_000), params.issue, 'print issue');
    for (const k of Object.keys(filters) as Array<keyof SearchFilters>) if (filters[k] === undefined) delete filters[k];
    const page = Math.min(Math.max(1, Number.parseInt(params.page ?? '1', 10) || 1), CANDIDATE_CAP / PAGE_SIZE);
    return { q: (params.q ?? '').slice(0, 200), filters, sort: params.sort === 'date' ? 'date' : 'relevance', page, notes };
  }

  async function resolve(filters: SearchFilters, notes: string[]): Promise<FilterIds | undefined> {
    const ids: FilterIds = {};
    const lookUp = async <T>(value: T | undefined, find: (v: T) => Promise<number | undefined>, what: string) => {
      if (value === undefined) return undefined;
      const id = await find(value);
      if (id === undefined) notes.push(`There is no ${what} "${value}".`);
      return id;
    };
    ids.sectionId = await lookUp(filters.section, (s) => store.idOf('sections', s), 'section');
    ids.authorId = await lookUp(filters.author, (s) => store.idOf('authors', s), 'author');
    ids.topicId = await lookUp(filters.topic, (s) => store.idOf('topics', s), 'topic');
    ids.printIssueId = await lookUp(filters.issue, store.printIssueId, 'print issue number');
    if (filters.from) ids.from = dayStart(...splitDay(filters.from), options.timeZone);
    if (filters.to) ids.to = dayStart(...nextDay(...splitDay(filters.to)), options.timeZone);
    if (ids.from && ids.to && ids.from >= ids.to) notes.push('The "from" date is after the "to" date.');
    return notes.length ? undefined : ids;
  }

  /**
   * The filters in the forms the full-text engine narrows its walk with. A print issue
   * or a date range also keeps its articles within a band of ids (ids follow
   * publication), which bounds the walk when the band holds few enough articles to find.
   */
  async function scopeOf(f: FilterIds): Promise<SearchScope | 'none'> {
    const scope: SearchScope = {};
    const own = f.sectionId !== undefined || f.printIssueId !== undefined || f.from || f.to;
    if (own) scope.where = store.columnCondition(f);
    const linked = store.linkedIds(f);
    if (linked) scope.idIn = linked;
    if (f.printIssueId !== undefined || f.from || f.to) {
      const range = await store.idRange(f, RANGE_MAX);
      if (range === 'none') return 'none';
      if (range !== 'many') scope.range = range;
    }
    return scope;
  }

  return {
    /**
     * Runs a reader's search. Never throws for anything a reader can type: unusable
     * parts come back as `notes`.
     *
     * @example await search.search({ q: '"carbon tax" -coal', section: 'business', sort: 'date' })
     */
    async search(params: SearchParams): Promise<SearchResults> {
      const { q, filters, sort, page, notes } = readParams(params);
      const query = parseQuery(q);
      const empty: SearchResults = { q, query, filters, sort, page, pageCount: 0, hits: [], total: 0, moreThanTotal: false, searched: false, notes };
      if (query.truncated) notes.push('Your search was long, so only its first words were used.');
      if (query.required.length === 0) {
        if (query.excluded.length) notes.push('Add a word to look for: a search made only of -exclusions matches nothing.');
        return empty;
      }
      const ids = await resolve(filters, notes);
      if (!ids) return empty;
      const offset = (page - 1) * PAGE_SIZE;
      const scope = await scopeOf(ids);
      const ranked = scope === 'none' ? { ids: [], candidates: 0 } : await index.rankedPage(db, query, scope, { order: sort, cap: CANDIDATE_CAP, limit: PAGE_SIZE, offset });
      const pageIds = ranked.ids;
      const [articles, marked] = await Promise.all([store.articles(pageIds), index.highlight(db, query, pageIds)]);
      const hits = pageIds.flatMap((id) => {
        const a = articles.get(id);
        const h = marked.get(id);
        if (!a || !h) return [];
        // An engine that reshapes text while highlighting (ts_headline drops tag-like runs) must
        // not change what a headline says: fall back to the plain text then.
        const same = (marked: string, plain: string) => (unmark(marked) === plain ? marked : plain);
        // A gated article is found by its words but not quoted: its body is for those who may read it (the standfirst shows instead).
        const snippet = a.access === 'free' ? h.snippet : '';
        return [{ ...a, marked: { headline: same(h.headline, a.headline), standfirst: same(h.standfirst, a.standfirst), snippet } }];
      });
      return { ...empty, hits, total: ranked.candidates, moreThanTotal: ranked.candidates >= CANDIDATE_CAP, searched: true, pageCount: Math.ceil(ranked.candidates / PAGE_SIZE) };
    },

    /** PostgreSQL: fills the word pairs that search rows still lack (migration 044), a batch at a time; the server's `search-pairs` job. */
    fillWordPairs: (signal?: AbortSignal): Promise<number> => (database.dialect.name === 'sqlite' ? Promise.resolve(0) : fillWordPairs(db, signal)),
  };
}

export type SearchService = ReturnType<typeof searchService>;

const unmark = (text: string) => text.replaceAll(MARK_START, '').replaceAll(MARK_END, '');

function splitDay(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y!, m!, d!];
}

function realDay(day: string): boolean {
  return isRealDay(...splitDay(day));
}
