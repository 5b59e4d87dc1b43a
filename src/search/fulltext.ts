import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ParsedQuery } from './query.js';

/** Marks around matched words in highlighted text; views turn them into <mark>. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** A condition on `articles` aliased `a` (section, dates…), written once for both dialects. */
export type ArticleCondition = RawBuilder<unknown>;

export type RankOrder = 'relevance' | 'date';

/** Headline, standfirst and a body excerpt, each with MARK_START/MARK_END around matched words. */
export interface Highlighted {
  headline: string;
  standfirst: string;
  snippet: string;
}

/**
 * Which articles a search may return besides matching the words, in the forms an
 * engine can use cheaply. Every form is optional; together they narrow the scan.
 */
export interface SearchScope {
  /** Filters on the article row (`articles a`: section, print issue, dates); absent when there are none. */
  where?: ArticleCondition;
  /** A subquery of the article ids allowed by the author and topic filters. */
  idIn?: ArticleCondition;
  /** Inclusive id bounds that every article in scope lies within. */
  range?: [number, number];
}

/** One page of a ranked search, and how many candidates it was ranked among. */
export interface RankedPage {
  ids: number[];
  /** Matches ranked, at most the candidate cap: the cap means "at least this many". */
  candidates: number;
}

/**
 * The full-text engine of one database (FTS5 on SQLite, tsvector on PostgreSQL).
 * Each method takes a parsed query, never reader text, and only ever sees published
 * articles: the index holds nothing else.
 */
export interface FullTextIndex {
  /**
   * Ranks the newest `cap` matching articles in scope (by id, which follows publication)
   * by relevance (headline > standfirst > body) or newest published, and returns one page.
   * Capping the candidates keeps the cost of a common word flat however big the archive.
   */
  rankedPage(db: Kysely<DB>, query: ParsedQuery, scope: SearchScope, page: { order: RankOrder; cap: number; limit: number; offset: number }): Promise<RankedPage>;
  highlight(db: Kysely<DB>, query: ParsedQuery, ids: number[]): Promise<Map<number, Highlighted>>;
}
