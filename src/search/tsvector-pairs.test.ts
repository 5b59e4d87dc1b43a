import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { seedNewsroom } from '../../test/support/fixtures.js';
import { generateArchive } from '../demo/archive.js';
import { searchDocument } from './search-document-postgres.js';
import { hashText, int2ArrayLiteral, pairNumber, pairNumbers, tsvectorPairNumbers } from './tsvector-pairs.js';

const numbered = (...pairs: string[]) => pairNumbers(pairs);

describe('tsvectorPairNumbers', () => {
  it('numbers the lexemes of neighbouring positions, whatever order the text lists them in, once each', () => {
    expect(tsvectorPairNumbers("'repair':3A 'harbour':1A,4 'wall':2A,5")).toEqual(numbered('repair harbour', 'harbour wall', 'wall repair'));
    expect(tsvectorPairNumbers("'alone':1 'far':9")).toEqual([]);
    expect(tsvectorPairNumbers('')).toEqual([]);
  });

  it('reads doubled quotes and backslashes, weights and lexemes without positions', () => {
    expect(tsvectorPairNumbers("'o''brien':1B 'c\\\\d':2 'e f':3C 'none'")).toEqual(numbered("o'brien c\\d", 'c\\d e f'));
  });

  it('pairs every lexeme of a position with every one of the next', () => {
    expect(tsvectorPairNumbers("'a':1 'b':1 'c':2")).toEqual(numbered('a c', 'b c'));
  });

  it('names text that is not a tsvector', () => {
    expect(() => tsvectorPairNumbers('harbour:1')).toThrow(/not a tsvector's text/);
    expect(() => tsvectorPairNumbers("'harbour:1")).toThrow(/unclosed lexeme/);
    expect(() => tsvectorPairNumbers("'harbour':1 'wall':2 storm")).toThrow(/not a tsvector's text/);
    // Nothing of a refused text is left to the next.
    expect(tsvectorPairNumbers("'wall':2 'repair':3")).toEqual(numbered('wall repair'));
  });

  it('hashes a pair by its UTF-8 bytes into 16 bits, and writes an int2[] literal', () => {
    const bytes = new TextEncoder().encode('café wall');
    expect(pairNumber('café wall')).toBe(hashText(bytes, bytes.length) >> 16);
    expect(pairNumber('café wall')).not.toBe(pairNumber('cafe wall'));
    expect(numbered('a b', 'b c', 'c d').every((n) => n >= -32768 && n <= 32767)).toBe(true);
    expect(int2ArrayLiteral([-3, 0, 12])).toBe('{-3,0,12}');
  });
});

describe.skipIf(!postgresUrl)('tsvectorPairNumbers against migration 044 [postgres]', () => {
  it('hashes as hashtext does, text of every length a last block can hold and beyond ASCII', async () => {
    const test = await createPostgresDatabase();
    try {
      const texts = [...Array.from({ length: 40 }, (_, n) => 'harbour wall repaired in the winter storms'.slice(0, n)), 'café naïve', '日本語の テキスト', "o'brien \\ \"x\""];
      const { rows } = await sql<{ text: string; hash: number }>`SELECT t AS text, hashtext(t) AS hash FROM unnest(${texts}::text[]) AS t`.execute(test.database.db);
      expect(rows.map((r) => hashText(new TextEncoder().encode(r.text), Buffer.byteLength(r.text)))).toEqual(rows.map((r) => r.hash));
    } finally {
      await test.close();
    }
  });

  it('gives the numbers search_pairs finds, for odd text and a generated archive', async () => {
    const test = await createPostgresDatabase();
    const { db } = test.database;
    try {
      await seedNewsroom(test.services);
      await generateArchive(db, { count: 300, timeZone: 'Europe/London' });
      const odd = [
        `O'Brien's "quoted" back\\slash, well-known: http://example.com/a/b?x=1 x@y.org 3.14 café naïve`,
        'A-B-C co-operation — the well-known e-mail; 2026-12-05 10:30',
        "Don't stop: it's the end's end, isn't it?",
      ];
      const { rows: texts } = await sql<{ headline: string; standfirst: string; body_text: string }>`SELECT headline, standfirst, body_text FROM articles ORDER BY id`.execute(db);
      const all = [...odd.map((t) => ({ headline: t, standfirst: t, body_text: t })), ...texts];
      const { rows } = await sql<{ document: string; pairs: number[] }>`SELECT d::text AS document, search_pairs(d) AS pairs
        FROM unnest(${all.map((t) => t.headline)}::text[], ${all.map((t) => t.standfirst)}::text[], ${all.map((t) => t.body_text)}::text[]) AS t(headline, standfirst, body_text),
          LATERAL (SELECT ${sql.raw(searchDocument('t.headline', 't.standfirst', 't.body_text'))} AS d) x`.execute(db);
      expect(rows.length).toBeGreaterThan(300);
      expect(rows.map((r) => tsvectorPairNumbers(r.document))).toEqual(rows.map((r) => [...r.pairs].sort((a, b) => a - b)));
      expect(rows.every((r) => r.pairs.length > 0)).toBe(true);
    } finally {
      await test.close();
    }
  });
});
