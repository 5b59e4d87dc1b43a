import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { b } from '../content/blocks.js';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { publishedArticle, seedNewsroom } from '../../test/support/fixtures.js';
import { parseQuery } from './query.js';
import { fillWordPairs, phrasePairs } from './word-pairs-postgres.js';

const bodies = ['The harbour master rowed out at dawn.', 'A master of the harbour spoke.', 'Harbour dues rose again.', 'The master plan for the harbour.', 'Harbour master elections are due.'];

describe.skipIf(!postgresUrl)('word pairs [postgres]', () => {
  it('leaves search rows without pairs to the phrase index alone until a batched fill gives every row its own', async () => {
    const test = await createPostgresDatabase();
    const { db } = test.database;
    try {
      await seedNewsroom(test.services);
      const ids = [];
      for (const [i, text] of bodies.entries()) ids.push((await publishedArticle(test.services, { headline: `Quay report ${i}`, body: [b.p(text)] })).id);
      const found = async () => (await test.services.search.search({ q: '"harbour master"', sort: 'date' })).hits.map((h) => h.id).sort();
      const phrase = parseQuery('"harbour master"');
      const expected = [ids[0]!, ids[4]!].sort();
      expect(await found()).toEqual(expected);
      expect(await phrasePairs(db, phrase)).toHaveLength(1);

      // As rows written before migration 044, or loaded by `db copy` with its trigger off, are.
      await sql`UPDATE article_search SET pairs = NULL`.execute(db);
      expect(await phrasePairs(db, phrase)).toEqual([]);
      expect(await found()).toEqual(expected);

      const stopped = new AbortController();
      stopped.abort();
      expect(await fillWordPairs(db, stopped.signal)).toBe(0);
      expect(await fillWordPairs(db, undefined, 2)).toBe(bodies.length);
      const rows = await sql<{ same: boolean }>`SELECT pairs = search_pairs(document) AS same FROM article_search`.execute(db);
      expect(rows.rows.map((r) => r.same)).toEqual(bodies.map(() => true));
      expect(await phrasePairs(db, phrase)).toHaveLength(1);
      expect(await found()).toEqual(expected);
      expect(await fillWordPairs(db)).toBe(0);
    } finally {
      await test.close();
    }
  });
});
