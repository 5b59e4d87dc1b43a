import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { searchDocument } from './search-document-postgres.js';

/** What an article's search document is made of. */
export interface SearchText {
  headline: string;
  standfirst: string;
  body_text: string;
}

/**
 * A search row's contents as PostgreSQL wrote them out: the document (tsvector text) and its
 * word pairs (migration 044, int2[] text), stored as they are.
 */
export interface SuppliedDocument {
  document: string;
  pairs: string;
}

/**
 * PostgreSQL search rows that a bulk writer supplies itself (migration 043), so that
 * to_tsvector, a third of PostgreSQL's time per imported article, runs on a second
 * connection and core while the writer's transaction goes on writing. The documents and
 * their word pairs are computed from the texts the writer holds (`searchDocument`) and come
 * back as text, which the writer's transaction stores (reading tsvector text costs a fifth
 * of computing it). Claims `transaction`'s inserted articles at once, so make it before the
 * transaction writes any. Needs a pool of two connections or more: the transaction holds one.
 */
export async function suppliedSearchRows(pool: Kysely<DB>, transaction: Kysely<DB>) {
  // Migration 043's trigger leaves this transaction's inserted articles to `store`.
  await sql`SELECT set_config('broadsheet.search_rows', 'supplied', true)`.execute(transaction);
  return {
    /** The search rows' contents for `texts`, in order, computed on a pool connection outside the transaction. */
    async documents(texts: SearchText[]): Promise<SuppliedDocument[]> {
      if (!texts.length) return [];
      const { rows } = await sql<SuppliedDocument>`SELECT d.document::text AS document, search_pairs(d.document)::text AS pairs
        FROM unnest(${texts.map((t) => t.headline)}::text[], ${texts.map((t) => t.standfirst)}::text[], ${texts.map((t) => t.body_text)}::text[])
          WITH ORDINALITY AS t(headline, standfirst, body_text, n)
        CROSS JOIN LATERAL (SELECT ${sql.raw(searchDocument('t.headline', 't.standfirst', 't.body_text'))} AS document) d
        ORDER BY t.n`.execute(pool);
      return rows;
    },

    /** Stores search rows for newly inserted published articles, in the transaction. */
    async store(rows: Array<{ article_id: number; document: SuppliedDocument }>): Promise<void> {
      if (!rows.length) return;
      await sql`INSERT INTO article_search (article_id, document, pairs)
        SELECT r.article_id, r.document, r.pairs::int2[]
        FROM unnest(${rows.map((r) => r.article_id)}::int[], ${rows.map((r) => r.document.document)}::tsvector[], ${rows.map((r) => r.document.pairs)}::text[]) AS r(article_id, document, pairs)
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document`.execute(transaction);
    },
  };
}

export type SuppliedSearchRows = Awaited<ReturnType<typeof suppliedSearchRows>>;
