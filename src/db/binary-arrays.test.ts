import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { binaryArray, int2Array, int4Array, textArray, TSVECTOR } from './binary-arrays.js';

describe.skipIf(!postgresUrl)('binary arrays [postgres]', () => {
  it('are read by PostgreSQL as the arrays they hold: empty ones, quotes, backslashes and braces in texts, nulls', async () => {
    const test = await createPostgresDatabase();
    const { db } = test.database;
    try {
      const numbers = await sql<{ all: number[]; none: number[]; slice: number[] }>`SELECT ${int2Array([-32768, -3, 0, 12, 32767])}::int2[] AS all,
          ${int2Array([])}::int2[] AS none, (${int2Array([5, 6, 7])}::int2[])[2:3] AS slice`.execute(db);
      expect(numbers.rows[0]).toEqual({ all: [-32768, -3, 0, 12, 32767], none: [], slice: [6, 7] });

      const plain = ['', 'O\'Brien said "no" \\ twice', 'café 日本語', '{a,b}', 'NULL'];
      const text = await sql<{ texts: string[] }>`SELECT ${textArray(plain)}::text[] AS texts`.execute(db);
      expect(text.rows[0]!.texts).toEqual(plain);

      // Nulls are nulls, not the text "NULL" or zero; rows read back in order through unnest.
      const rows = await sql<{ n: number | null; t: string | null }>`SELECT * FROM unnest(${int4Array([2_147_483_647, null, -2_147_483_648, 0])}::int[],
          ${textArray(['a', null, 'NULL', null])}::text[]) AS r(n, t)`.execute(db);
      expect(rows.rows).toEqual([
        { n: 2_147_483_647, t: 'a' },
        { n: null, t: null },
        { n: -2_147_483_648, t: 'NULL' },
        { n: 0, t: null },
      ]);
      const counted = await sql<{ nulls: number }>`SELECT count(*)::int AS nulls FROM unnest(${textArray(['x', null])}::text[]) AS t(v) WHERE v IS NULL`.execute(db);
      expect(counted.rows[0]!.nulls).toBe(1);

      const texts = ["'harbour':1A 'wall':2A,5", "'café':3 'o''brien':1B", ''];
      const sent = await sql<{ bytes: Buffer }>`SELECT tsvectorsend(t::tsvector) AS bytes FROM unnest(${texts}::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n`.execute(db);
      const back = await sql<{ documents: string[] }>`SELECT ${binaryArray(TSVECTOR, sent.rows.map((r) => r.bytes))}::tsvector[]::text[] AS documents`.execute(db);
      expect(back.rows[0]!.documents).toEqual(texts);
    } finally {
      await test.close();
    }
  });
});
