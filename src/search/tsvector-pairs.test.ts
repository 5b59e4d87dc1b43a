import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { seedNewsroom } from '../../test/support/fixtures.js';
import { generateArchive } from '../demo/archive.js';
import { searchDocument } from './search-document-postgres.js';
import { textArrayLiteral, tsvectorPairs } from './tsvector-pairs.js';

describe('tsvectorPairs', () => {
  it('pairs the lexemes of neighbouring positions, whatever order the text lists them in, once each', () => {
    expect(tsvectorPairs("'repair':3A 'harbour':1A,4 'wall':2A,5")).toEqual(['repair harbour', 'harbour wall', 'wall repair']);
    expect(tsvectorPairs("'alone':1 'far':9")).toEqual([]);
    expect(tsvectorPairs('')).toEqual([]);
  });

  it('reads doubled quotes and backslashes, weights and lexemes without positions', () => {
    expect(tsvectorPairs("'o''brien':1B 'c\\\\d':2 'e f':3C 'none'")).toEqual(["o'brien c\\d", 'c\\d e f']);
  });

  it('pairs every lexeme of a position with every one of the next', () => {
    expect(tsvectorPairs("'a':1 'b':1 'c':2").sort()).toEqual(['a c', 'b c']);
  });

  it('names text that is not a tsvector', () => {
    expect(() => tsvectorPairs('harbour:1')).toThrow(/not a tsvector's text/);
    expect(() => tsvectorPairs("'harbour:1")).toThrow(/unclosed lexeme/);
  });

  it('writes a text[] literal PostgreSQL reads back as the same strings', () => {
    expect(textArrayLiteral(['a "b"', 'c\\d', 'e,f'])).toBe('{"a \\"b\\"","c\\\\d","e,f"}');
  });
});

describe.skipIf(!postgresUrl)('tsvectorPairs against migration 044 [postgres]', () => {
  it('gives the pairs search_pairs finds, numbered alike, for odd text and a generated archive', async () => {
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
      const { rows: numbered } = await sql<{ pairs: number[] }>`SELECT search_pair_numbers(p::text[]) AS pairs
        FROM unnest(${rows.map((r) => textArrayLiteral(tsvectorPairs(r.document)))}::text[]) WITH ORDINALITY AS x(p, n) ORDER BY n`.execute(db);
      expect(rows.length).toBeGreaterThan(300);
      expect(numbered.map((r) => [...r.pairs].sort())).toEqual(rows.map((r) => [...r.pairs].sort()));
      expect(rows.every((r) => r.pairs.length > 0)).toBe(true);
    } finally {
      await test.close();
    }
  });
});
