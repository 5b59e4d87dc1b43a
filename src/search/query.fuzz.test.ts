import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ftsExpression } from './fulltext-sqlite.js';
import { formatQuery, MAX_QUERY_LENGTH, MAX_QUERY_WORDS, parseQuery } from './query.js';

/** What readers type, and what someone probing the search box types: operators, quotes, marks, any Unicode. */
const queryText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('"', '-', ' ', '-"', '*', ':', '(', ')', '^', '+', 'AND', 'OR', 'NOT', 'NEAR', '\u0301', '\u00a0', 'é', 'İ', 'ß', '\u200b', '\u0000'),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
      ),
      { maxLength: 120 },
    )
    .map((parts) => parts.join('')),
);

const WORD = /^[\p{L}\p{N}\p{M}]+$/u;

// Property-based: every string a reader can send becomes a small query of plain words, and never an error.
describe('parseQuery on any input', { timeout: 20_000 }, () => {
  const fts = new SQLite(':memory:');
  fts.exec(`CREATE VIRTUAL TABLE t USING fts5(headline, body, tokenize='porter unicode61 remove_diacritics 2')`);
  fts.prepare('INSERT INTO t VALUES (?, ?)').run('Carbon tax vote', 'The vote on the carbon tax was close.');
  const match = fts.prepare('SELECT rowid FROM t WHERE t MATCH ?');
  afterAll(() => fts.close());

  it('returns plain lowercase words, at most the word limit, without repeating a part', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        const q = parseQuery(text);
        const parts = [...q.required, ...q.excluded];
        const words = parts.flat();
        expect(words.length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
        for (const part of parts) expect(part.length).toBeGreaterThan(0);
        for (const word of words) {
          expect(word).toMatch(WORD);
          expect(word).toBe(word.toLowerCase());
        }
        // Lower-casing can lengthen a few letters (İ → i̇), never more than threefold.
        expect(words.join('').length).toBeLessThanOrEqual(3 * MAX_QUERY_LENGTH);
        expect(new Set(q.required.map((p) => p.join(' '))).size).toBe(q.required.length);
        expect(new Set(q.excluded.map((p) => p.join(' '))).size).toBe(q.excluded.length);
        if (text.normalize('NFC').length > MAX_QUERY_LENGTH) expect(q.truncated).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads its own written form back as the same query', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        const q = parseQuery(text);
        const written = formatQuery(q);
        fc.pre(written.length <= MAX_QUERY_LENGTH);
        const again = parseQuery(written);
        expect({ required: again.required, excluded: again.excluded }).toEqual({ required: q.required, excluded: q.excluded });
      }),
      { numRuns: 500 },
    );
  });

  it('never reaches SQLite FTS5 as syntax: every parsed query is a valid MATCH expression', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        const q = parseQuery(text);
        fc.pre(q.required.length > 0);
        expect(() => match.all(ftsExpression(q))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
