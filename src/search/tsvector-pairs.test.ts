import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { seedNewsroom } from '../../test/support/fixtures.js';
import { generateArchive } from '../demo/archive.js';
import { searchDocument } from './search-document-postgres.js';
import { hashText, pairNumber, pairNumbers, tsvectorPairNumbers } from './tsvector-pairs.js';

const numbered = (...pairs: string[]) => pairNumbers(pairs);

/** A tsvector in the binary form tsvectorsend writes: lexemes in the given order, each with its positions (weights A–D as 3–0 in the top two bits). */
function binary(lexemes: Array<[string, Array<number | [number, 'A' | 'B' | 'C' | 'D']>]>): Buffer {
  const parts = [int32(lexemes.length)];
  for (const [lexeme, positions] of lexemes) {
    parts.push(Buffer.from(lexeme), Buffer.from([0]), int16(positions.length));
    for (const p of positions) parts.push(int16(typeof p === 'number' ? p : p[0] | ('DCBA'.indexOf(p[1]) << 14)));
  }
  return Buffer.concat(parts);
}
const int32 = (n: number) => Buffer.from(new Uint8Array(new Int32Array([n]).buffer).reverse());
const int16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

describe('tsvectorPairNumbers', () => {
  it('numbers the lexemes of neighbouring positions, whatever order the lexemes come in, once each', () => {
    expect(tsvectorPairNumbers(binary([['repair', [[3, 'A']]], ['harbour', [[1, 'A'], 4]], ['wall', [[2, 'A'], 5]]]))).toEqual(numbered('repair harbour', 'harbour wall', 'wall repair'));
    expect(tsvectorPairNumbers(binary([['alone', [1]], ['far', [9]]]))).toEqual([]);
    expect(tsvectorPairNumbers(binary([]))).toEqual([]);
  });

  it('reads lexemes beyond ASCII, with quotes and spaces, every weight, and lexemes without positions', () => {
    expect(tsvectorPairNumbers(binary([["o'brien", [[1, 'B']]], ['c\\d', [2]], ['e f', [[3, 'C']]], ['café', [[4, 'D']]], ['none', []]]))).toEqual(
      numbered("o'brien c\\d", 'c\\d e f', 'e f café'),
    );
  });

  it('pairs every lexeme of a position with every one of the next', () => {
    expect(tsvectorPairNumbers(binary([['a', [1]], ['b', [1]], ['c', [2]]]))).toEqual(numbered('a c', 'b c'));
  });

  it('names bytes that are not a binary tsvector', () => {
    const good = binary([['harbour', [1]], ['wall', [2]]]);
    expect(() => tsvectorPairNumbers(good.subarray(0, 10))).toThrow(/not a binary tsvector: lexeme 1 of 2 is not ended/);
    expect(() => tsvectorPairNumbers(good.subarray(0, good.length - 1))).toThrow(/not a binary tsvector: it ends inside/);
    expect(() => tsvectorPairNumbers(Buffer.concat([good, Buffer.from([1])]))).toThrow(/not a binary tsvector: more bytes follow its 2 lexemes/);
    // Nothing of a refused document is left to the next.
    expect(tsvectorPairNumbers(binary([['wall', [2]], ['repair', [3]]]))).toEqual(numbered('wall repair'));
  });

  it('hashes a pair by its UTF-8 bytes into 16 bits', () => {
    const bytes = new TextEncoder().encode('café wall');
    expect(pairNumber('café wall')).toBe(hashText(bytes, bytes.length) >> 16);
    expect(pairNumber('café wall')).not.toBe(pairNumber('cafe wall'));
    expect(numbered('a b', 'b c', 'c d').every((n) => n >= -32768 && n <= 32767)).toBe(true);
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
      const { rows } = await sql<{ document: Buffer; pairs: number[] }>`SELECT tsvectorsend(d) AS document, search_pairs(d) AS pairs
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
