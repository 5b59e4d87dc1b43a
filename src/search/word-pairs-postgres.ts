import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ParsedQuery } from './query.js';

/** Rows filled by one statement of `fillWordPairs`: about a third of a second's work. */
const FILL_BATCH = 1000;

/**
 * The word pairs (migration 044) every match of `query` holds: those of its quoted phrases,
 * numbered as the documents' are. Empty when no phrase has two words side by side (one with
 * a stop word between, say), or while some search row still waits for its pairs (they would
 * hide it): then the documents' own index serves alone.
 */
export async function phrasePairs(db: Kysely<DB>, query: ParsedQuery): Promise<number[]> {
  const phrases = query.required.filter((words) => words.length > 1).map((words) => words.join(' '));
  if (!phrases.length) return [];
  const { rows } = await sql<{ pairs: number[]; unpaired: boolean }>`SELECT search_pairs(to_tsvector('english', p)) AS pairs,
      EXISTS (SELECT 1 FROM article_search WHERE pairs IS NULL) AS unpaired
    FROM unnest(${phrases}::text[]) AS p`.execute(db);
  if (rows.some((r) => r.unpaired)) return [];
  return [...new Set(rows.flatMap((r) => r.pairs))];
}

/**
 * Fills the word pairs of search rows written before migration 044 or loaded without its
 * trigger, a batch at a time (each its own statement, so readers' searches go on between
 * them), until none is left or `signal` aborts. Returns how many it filled.
 */
export async function fillWordPairs(db: Kysely<DB>, signal?: AbortSignal, batch = FILL_BATCH): Promise<number> {
  let filled = 0;
  while (!signal?.aborted) {
    const { numAffectedRows } = await sql`UPDATE article_search SET pairs = search_pairs(document)
      WHERE article_id IN (SELECT article_id FROM article_search WHERE pairs IS NULL LIMIT ${batch})`.execute(db);
    const n = Number(numAffectedRows ?? 0);
    filled += n;
    if (n < batch) break;
  }
  return filled;
}
