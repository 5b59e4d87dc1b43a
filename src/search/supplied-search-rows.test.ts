import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.js';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { searchDocument } from './search-document-postgres.js';
import { suppliedSearchRows } from './supplied-search-rows.js';

const at = '2026-01-07T09:00:00.000Z';
const texts = [
  { headline: 'Harbour wall repaired', standfirst: 'Storm damage mended', body_text: 'Masons worked through the winter on the harbour wall.' },
  { headline: 'Ferry timetable returns', standfirst: 'Summer sailings', body_text: 'The island ferry sails twice a day again.' },
  // A "<" leaves the document to the server whole (word-documents.ts), between two put together.
  { headline: 'Pier reopens', standfirst: 'Repairs <done> early', body_text: 'The pier is open again.' },
  { headline: 'Lighthouse keeper retires', standfirst: 'Forty years', body_text: 'The lamp is automatic now.' },
];

async function insertArticles(db: Kysely<DB>, sectionId: number, prefix: string): Promise<number[]> {
  const rows = texts.map((t, i) => ({ ...t, slug: `${prefix}-${i}`, section_id: sectionId, url_month: '2026/01', status: 'published', body: '[]', body_version: 1, version: 1, created_at: at, updated_at: at, published_at: at }));
  return (await db.insertInto('articles').values(rows).returning('id').execute()).map((r) => r.id);
}

/**
 * Each article's stored document beside `searchDocument`'s, and its stored word pairs beside
 * those of migration 044's function; the trigger's own rows are held to both below.
 */
const documents = (db: Kysely<DB>, ids: number[]) =>
  sql<{ stored: string | null; expected: string; pairs: number[] | null; expectedPairs: number[] }>`SELECT s.document::text AS stored,
      (${sql.raw(searchDocument('a.headline', 'a.standfirst', 'a.body_text'))})::text AS expected,
      s.pairs, search_pairs(${sql.raw(searchDocument('a.headline', 'a.standfirst', 'a.body_text'))}) AS "expectedPairs"
    FROM articles a LEFT JOIN article_search s ON s.article_id = a.id WHERE a.id = ANY(${ids}::int[]) ORDER BY a.id`
    .execute(db)
    .then((r) => r.rows);

describe.skipIf(!postgresUrl)('supplied search rows [postgres]', () => {
  it("leaves a claiming transaction's new articles to it, computes their documents on another connection as the trigger would, and stores them", async () => {
    const test = await createPostgresDatabase();
    const { db } = test.database;
    try {
      const section = await db.insertInto('sections').values({ slug: 'coast', name: 'Coast', description: '', position: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
      const ids = await db.transaction().execute(async (trx) => {
        const rows = await suppliedSearchRows(db, trx);
        const made = rows.documents(texts);
        const ids = await insertArticles(trx, section.id, 'claimed');
        // The trigger stood aside: nothing is indexed until the documents are stored.
        expect((await documents(trx, ids)).map((d) => d.stored)).toEqual(texts.map(() => null));
        const docs = await made;
        await rows.store(ids.map((article_id, i) => ({ article_id, document: docs[i]! })));
        return ids;
      });
      const stored = await documents(db, ids);
      expect(stored.map((d) => d.stored)).toEqual(stored.map((d) => d.expected));
      expect(stored[0]!.stored).toContain("'harbour':1A");
      // The server reads "<done>" as a tag, which takes no position.
      expect(stored[2]!.stored).toContain("'earli':4B");
      expect(stored.map((d) => d.pairs)).toEqual(stored.map((d) => d.expectedPairs));
      // harbour wall, wall repair, repair storm (across fields), storm damag, damag mend, mend mason, mason work; "harbour wall" again in the body.
      expect(stored[0]!.pairs).toHaveLength(7);

      // Rows without their pairs (a server that numbers pairs otherwise) are given them by the insert trigger.
      const unpaired = await db.transaction().execute(async (trx) => {
        const rows = await suppliedSearchRows(db, trx);
        const made = rows.documents(texts);
        const ids = await insertArticles(trx, section.id, 'unpaired');
        await rows.store((await made).map((d, i) => ({ article_id: ids[i]!, document: { ...d, pairs: null } })));
        return ids;
      });
      const filled = await documents(db, unpaired);
      expect(filled.map((d) => d.pairs)).toEqual(filled.map((d) => d.expectedPairs));
      expect(filled[0]!.pairs).toHaveLength(7);

      // Outside that transaction the trigger indexes inserts again.
      const later = await insertArticles(db, section.id, 'later');
      const indexed = await documents(db, later);
      expect(indexed.map((d) => d.stored)).toEqual(indexed.map((d) => d.expected));
      expect(indexed.map((d) => d.pairs)).toEqual(indexed.map((d) => d.expectedPairs));
    } finally {
      await test.close();
    }
  });
});
