import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { searchDocument, type SearchText } from './search-document-postgres.js';
import { binaryArray, int2Array, int4Array, textArray, TSVECTOR } from '../db/binary-arrays.js';
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
 * The contents of search rows that a bulk writer supplies itself, made beside its
 * transaction so that it does not run to_tsvector, once a third of PostgreSQL's time per
 * imported article. The documents are put together from their words' (`wordDocuments`),
 * whose chunks are asked of `pool`, or for a text that cannot be, computed there whole
 * (`searchDocument`). Either way they are in binary form, which the writer's transaction
 * stores as it is (reading tsvector text cost a fifth of computing it), with their word pairs
 * numbered here (finding them in SQL cost more than the document: 120 µs an article against
 * 70). `pool` may be a pool of this process's or of another thread's (an import's reading
 * thread, importers/read-worker.ts).
 */
export async function searchDocuments(pool: Kysely<DB>) {
  // hashtext's numbers are the server's own: a big-endian one gives others than tsvectorPairNumbers.
  const { rows: numbered } = await sql<{ numbers: number[] }>`SELECT search_pair_numbers(${samplePairs}::text[]) AS numbers`.execute(pool);
  const pairsHere = String(numbered[0]?.numbers) === String(pairNumbers(samplePairs));
  const words = await wordDocuments(pool);
  return {
    /** The search rows' contents for `texts`, in order. */
    async documents(texts: SearchText[]): Promise<SuppliedDocument[]> {
      if (!texts.length) return [];
      const made: Array<SuppliedDocument | undefined> = words ? await words.documents(texts) : texts.map(() => undefined);
      const whole = texts.filter((_, i) => !made[i]);
      if (whole.length) {
        const { rows } = await sql<{ document: Buffer }>`SELECT tsvectorsend(${sql.raw(searchDocument('t.headline', 't.standfirst', 't.body_text'))}) AS document
          FROM unnest(${textArray(whole.map((t) => t.headline))}::text[], ${textArray(whole.map((t) => t.standfirst))}::text[], ${textArray(whole.map((t) => t.body_text))}::text[])
            WITH ORDINALITY AS t(headline, standfirst, body_text, n)
          ORDER BY t.n`.execute(pool);
        const computed = rows.values();
        for (let i = 0; i < made.length; i++) {
          if (made[i]) continue;
          const { document } = computed.next().value!;
          made[i] = { document, pairs: pairsHere ? tsvectorPairNumbers(document) : null };
        }
      }
      return made.map((d) => (pairsHere ? d! : { ...d!, pairs: null }));
    },
  };
}

/**
 * PostgreSQL search rows that a bulk writer supplies itself (migration 043): their
 * contents (`searchDocuments`) made on `pool`, and stored in `transaction`. Claims
 * `transaction`'s inserted articles at once, so make it before the transaction writes any.
 * Needs a pool of two connections or more: the transaction holds one.
 */
export async function suppliedSearchRows(pool: Kysely<DB>, transaction: Kysely<DB>) {
  // Migration 043's trigger leaves this transaction's inserted articles to `store`.
  await sql`SELECT set_config('broadsheet.search_rows', 'supplied', true)`.execute(transaction);
  const contents = await searchDocuments(pool);
  return {
    /** The search rows' contents for `texts`, in order, made outside the transaction. */
    documents: contents.documents,

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
        FROM unnest(${int4Array(rows.map((r) => r.article_id))}::int[], ${binaryArray(TSVECTOR, rows.map((r) => r.document.document))}::tsvector[], ${int4Array(from)}::int[], ${int4Array(to)}::int[])
          AS r(article_id, document, pairs_from, pairs_to)
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document`.execute(transaction);
    },
  };
}

export type SuppliedSearchRows = Awaited<ReturnType<typeof suppliedSearchRows>>;
