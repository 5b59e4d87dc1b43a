import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.js';
import { binaryArray, textArray, TSVECTOR } from '../db/binary-arrays.js';
import { createPostgresDatabase, postgresUrl } from '../../test/support/databases.js';
import { searchDocument, type SearchText } from './search-document-postgres.js';
import { wordDocuments, type WordDocuments } from './word-documents.js';

/**
 * Pieces a newsroom's text is made of, and the ones PostgreSQL's parser reads by context:
 * file names and hosts, URLs, e-mail addresses, signed and scientific numbers, versions,
 * hyphenated words, runs of dots, entities, letters beyond ASCII, and tags.
 */
const piece = fc.oneof(
  fc.constantFrom(
    'the', 'Harbour', 'wall', 'repaired', 'winter', 'council', 'is', 'it', 's', 'U.S.', 'e.g.', '3.5', '1,000', '2026', '5th', '10am', '£2.5bn', '50%',
    'well-known', 'self-driving', 'co-op', 'a-b-c', 'x-1', '1-2', '-5', '+3', '1e5', '1.2.3', "o'brien", 'Britain’s', '“quote”', '—', '–', '-', '--',
    '.', '..', '...', ',', ';', ':', '!', '?', '(', ')', '"', "'", '/', 'a/b', '~', '~x-1', '@', 'x@y.org', 'http://x.com/a?b=1', 'www.bbc.co.uk',
    '&amp;', '&', '#', '_', 'a_b', '*', '\\', '|', '^', '`', '[', ']', '{', '}', '>', 'café', 'naïve', 'ß', 'İ', 'ǅ', 'ﬁ', '日本', '\u00a0', '\u2009',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);
const gap = fc.constantFrom('', ' ', '  ', '\n', '\t', ' \n ', '\r\n');
const text = fc.array(fc.tuple(piece, gap), { maxLength: 24 }).map((parts) => parts.map(([p, g]) => p + g).join(''));
const searchText = fc.record({ headline: text, standfirst: text, body_text: text });

/** The server's own documents and pairs for `texts`, as text, in order. */
async function expected(db: Kysely<DB>, texts: SearchText[]) {
  const document = searchDocument('t.headline', 't.standfirst', 't.body_text');
  const { rows } = await sql<{ document: string; pairs: number[] }>`SELECT (${sql.raw(document)})::text AS document, search_pairs(${sql.raw(document)}) AS pairs
    FROM unnest(${textArray(texts.map((t) => t.headline))}::text[], ${textArray(texts.map((t) => t.standfirst))}::text[], ${textArray(texts.map((t) => t.body_text))}::text[])
      WITH ORDINALITY AS t(headline, standfirst, body_text, n)
    ORDER BY t.n`.execute(db);
  return rows;
}

/** Documents in `tsvectorsend`'s form as the server reads them, as text. */
async function readBack(db: Kysely<DB>, documents: Uint8Array[]): Promise<string[]> {
  const { rows } = await sql<{ document: string }>`SELECT d.document::text AS document
    FROM unnest(${binaryArray(TSVECTOR, documents)}::tsvector[]) WITH ORDINALITY AS d(document, n) ORDER BY d.n`.execute(db);
  return rows.map((r) => r.document);
}

describe.skipIf(!postgresUrl)('word documents [postgres]', () => {
  let test: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let assembler: WordDocuments;
  beforeAll(async () => {
    test = await createPostgresDatabase();
    assembler = (await wordDocuments(test.database.db))!;
  });
  afterAll(() => test.close());

  it('puts together the document and pairs the server computes, for any text without a "<"', async () => {
    const texts = fc.sample(searchText, { numRuns: 3000, seed: 20261206 });
    const made = await assembler.documents(texts);
    const server = await expected(test.database.db, texts);
    const assembled = made.flatMap((m, i) => (m ? [{ i, m }] : []));
    expect(await readBack(test.database.db, assembled.map((a) => a.m.document))).toEqual(assembled.map((a) => server[a.i]!.document));
    expect(assembled.map((a) => a.m.pairs)).toEqual(assembled.map((a) => server[a.i]!.pairs));
    // Only a text holding "<" is left to the server, and every one of those is.
    expect(made.map((m) => m === undefined)).toEqual(texts.map((t) => `${t.headline}${t.standfirst}${t.body_text}`.includes('<')));
  });

  it("leaves to the server a document that reaches its limits, and puts together one just inside them", async () => {
    const words = (count: number) => Array.from({ length: count }, (_, i) => `w${i}`).join(' ');
    const texts = [
      { headline: 'Harbour', standfirst: '', body_text: 'harbour '.repeat(254) },
      { headline: 'Harbour', standfirst: '', body_text: 'harbour '.repeat(255) },
      { headline: '', standfirst: '', body_text: words(16_382) },
      { headline: 'Harbour', standfirst: '', body_text: words(16_382) },
      { headline: 'Harbour <b>wall</b>', standfirst: '', body_text: '' },
    ];
    const made = await assembler.documents(texts);
    expect(made.map((m) => m !== undefined)).toEqual([true, false, true, false, false]);
    const server = await expected(test.database.db, [texts[0]!, texts[2]!]);
    expect(await readBack(test.database.db, [made[0]!.document, made[2]!.document])).toEqual(server.map((s) => s.document));
    expect([made[0]!.pairs, made[2]!.pairs]).toEqual(server.map((s) => s.pairs));
  });

  it('puts together the same documents after letting go of what it remembered', async () => {
    const forgetful = (await wordDocuments(test.database.db, { chunks: 40, pairs: 40 }))!;
    const texts = fc.sample(searchText, { numRuns: 300, seed: 6122026 });
    const batches = [texts.slice(0, 100), texts.slice(100, 200), texts.slice(200)];
    const made = [];
    for (const batch of batches) made.push(...(await forgetful.documents(batch)));
    expect(made).toEqual(await assembler.documents(texts));
  });
});
