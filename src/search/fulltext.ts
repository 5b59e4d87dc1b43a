import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ParsedQuery } from './query.js';

/** Marks around matched words in highlighted text; views turn them into <mark>. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

/** A condition on `articles` aliased `a` (status, section, dates…), written once for both dialects. */
export type ArticleCondition = RawBuilder<unknown>;

export type RankOrder = 'relevance' | 'date';

/** Headline, standfirst and a body excerpt, each with MARK_START/MARK_END around matched words. */
export interface Highlighted {
  headline: string;
  standfirst: string;
  snippet: string;
}

/**
 * The full-text engine of one database (FTS5 on SQLite, tsvector on PostgreSQL).
 * Each method takes a parsed query, never reader text, and only ever sees published
 * articles: the index holds nothing else. `where` always applies; `minId` and `maxId`,
 * when given, bound the article ids scanned (a cheap range both engines can seek).
 */
export interface FullTextIndex {
  /** Up to `limit` matching ids, highest id (newest row) first: reads the index in order and stops early. */
  newestIds(db: Kysely<DB>, query: ParsedQuery, where: ArticleCondition, limit: number): Promise<number[]>;
  /** One page of matching ids with id >= minId, by relevance (headline > standfirst > body) or newest published. */
  rankedPage(db: Kysely<DB>, query: ParsedQuery, where: ArticleCondition, page: { minId: number; order: RankOrder; limit: number; offset: number }): Promise<number[]>;
  highlight(db: Kysely<DB>, query: ParsedQuery, ids: number[]): Promise<Map<number, Highlighted>>;
}
