import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { searchDocument, type SearchText } from './search-document-postgres.js';
import { binaryArray, int2Array, textArray, TSVECTOR } from '../db/binary-arrays.js';
import { pairNumbers, tsvectorPairNumbers } from './tsvector-pairs.js';
import { wordDocuments } from './word-documents.js';

/**
 * A search row's contents: the document in PostgreSQL's binary form (`tsvectorsend`), and its
 * word pairs read off it and numbered, or null for the insert trigger to find them when this
 * server numbers pairs otherwise.
 */
export interface SuppliedDocument {
  document: Uint8Array;
  pairs: number[] | null;
}

/** Pairs of every length a hash's last block can hold, and some bytes beyond ASCII. */
const samplePairs = Array.from({ length: 24 }, (_, n) => `harbour wall repaired in winter`.slice(0, n + 3)).concat(["o'brien café", 'naïve über', '日本 語']);

/**
 * PostgreSQL search rows that a bulk writer supplies itself (migration 043), so that
 * to_tsvector, a third of PostgreSQL's time per imported article, runs on a second
 * connection and core while the writer's transaction goes on writing. The documents are
 * computed from the texts the writer holds (`searchDocument`) and come back in binary form,
 * which the writer's transaction stores as it came (reading tsvector text cost a fifth of
 * computing it), with the word pairs read off it and numbered here (finding them in SQL
 * cost more than the document: 120 µs an article against 70). Claims `transaction`'s inserted
 * articles at once, so make it before the transaction writes any. Needs a pool of two
 * connections or more: the transaction holds one.
 */
export async function suppliedSearchRows(pool: Kysely<DB>, transaction: Kysely<DB>) {
  // Migration 043's trigger leaves this transaction's inserted articles to `store`.
  await sql`SELECT set_config('broadsheet.search_rows', 'supplied', true)`.execute(transaction);
  // hashtext's numbers are the server's own: a big-endian one gives others than tsvectorPairNumbers.
  const { rows: numbered } = await sql<{ numbers: number[] }>`SELECT search_pair_numbers(${samplePairs}::text[]) AS numbers`.execute(transaction);
  const pairsHere = String(numbered[0]?.numbers) === String(pairNumbers(samplePairs));
  const words = await wordDocuments(pool);
  return {
    /**
     * The search rows' contents for `texts`, in order: put together from their words'
     * documents, or computed whole on a pool connection outside the transaction.
     */
    async documents(texts: SearchText[]): Promise<SuppliedDocument[]> {
      if (!texts.length) return [];
      const made: Array<SuppliedDocument | undefined> = words ? await words.documents(texts) : texts.map(() => undefined);
      const whole = texts.filter((_, i) => !made[i]);
      if (whole.length) {
        const { rows } = await sql<{ document: Buffer }>`SELECT tsvectorsend(${sql.raw(searchDocument('t.headline', 't.standfirst', 't.body_text'))}) AS document
          FROM unnest(${textArray(whole.map((t) => t.headline))}::text[], ${textArray(whole.map((t) => t.standfirst))}::text[], ${textArray(whole.map((t) => t.body_text))}::text[])
            WITH ORDINALITY AS t(headline, standfirst, body_text, n)
          ORDER BY t.n`.execute(pool);
        let next = 0;
        for (let i = 0; i < made.length; i++) made[i] ??= { document: rows[next]!.document, pairs: tsvectorPairNumbers(rows[next++]!.document) };
      }
      return made.map((d) => (pairsHere ? d! : { ...d!, pairs: null }));
    },

    /** Stores search rows for newly inserted published articles, in the transaction. */
    async store(rows: Array<{ article_id: number; document: SuppliedDocument }>): Promise<void> {
      if (!rows.length) return;
      // Every row's pairs in one int2[], each row taking its slice (from, to: 1-based, inclusive; null without pairs).
      const numbers: number[] = [];
      const from: Array<number | null> = [];
      const to: Array<number | null> = [];
      for (const { document } of rows) {
        from.push(document.pairs ? numbers.length + 1 : null);
        if (document.pairs) for (const n of document.pairs) numbers.push(n);
        to.push(document.pairs ? numbers.length : null);
      }
      await sql`INSERT INTO article_search (article_id, document, pairs)
        SELECT r.article_id, r.document, (${int2Array(numbers)}::int2[])[r.pairs_from:r.pairs_to]
        FROM unnest(${rows.map((r) => r.article_id)}::int[], ${binaryArray(TSVECTOR, rows.map((r) => r.document.document))}::tsvector[], ${from}::int[], ${to}::int[])
          AS r(article_id, document, pairs_from, pairs_to)
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document`.execute(transaction);
    },
  };
}

export type SuppliedSearchRows = Awaited<ReturnType<typeof suppliedSearchRows>>;
