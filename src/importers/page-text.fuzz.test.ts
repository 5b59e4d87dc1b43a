import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BroadsheetError } from '../errors.js';
import { readPageText } from './page-text.js';
import { articlePreparer } from './prepare.js';

/**
 * Property-based tests of the page-text reader: whatever the text, it is read into
 * an article that passes the article rules, or refused with a BroadsheetError, and
 * nothing else is thrown. The per-test timeout guards against a slow input.
 */

const context = { name: 'fuzz.txt', timeZone: 'Europe/London', at: '2025-01-01T00:00:00.000Z' };

/** Reads and checks as an import does, short of the database: true when it became an article. */
function importable(content: string, formatNamed = false): boolean {
  try {
    const parsed = readPageText(content, { ...context, formatNamed });
    const prepare = articlePreparer(context);
    for (const article of parsed.articles) prepare(article);
    return true;
  } catch (error) {
    if (error instanceof BroadsheetError) return false;
    throw error;
  }
}

/** Lines a news page prints, and their near misses. */
const pageLine = fc.oneof(
  fc.constantFrom(
    'World',
    'Home › Business › Markets',
    '1. Politics',
    'WORLD',
    '7 January 2022',
    'Updated: 14 March 2024, 9.15am',
    'March 12, 2024 | 5:35 pm GMT',
    '31/02/2024',
    '2022-01-07T09:30:00Z',
    '2022-13-45',
    'By Marta Kowalczyk and Tomás Ferreira, Business correspondents',
    'By',
    'By and and',
    'Words by A, B & C',
    'Tags: Shipping, Kestrel Harbour',
    'Tags:',
    'Most read',
    'Content from our partners',
    'Related stories',
    'Advertisement',
    'Share this article: Facebook Twitter Email',
    '- a list item',
    '1) an ordered item',
    '•',
    '© 2024 The Coastal Courier. All rights reserved.',
    'Subscribe now',
  ),
  fc.lorem({ maxCount: 40, mode: 'sentences' }),
  fc.lorem({ maxCount: 8 }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const page = fc.tuple(fc.array(pageLine, { maxLength: 40 }), fc.constantFrom('\n', '\n\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));

describe('the page-text reader, fuzzed', () => {
  it('reads any string into an article or refuses it with a BroadsheetError', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), fc.boolean(), (text, named) => {
        importable(text, named);
      }),
      { numRuns: 200 },
    );
  });

  it('reads pages built from news-page lines and their near misses, or refuses them with a BroadsheetError', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(page, fc.boolean(), (text, named) => {
        importable(text, named);
      }),
      { numRuns: 200 },
    );
  });

  it('imports a page with a kicker, date, headline, byline and body however its paragraphs read', { timeout: 20_000 }, () => {
    const body = fc.array(fc.lorem({ maxCount: 30, mode: 'sentences' }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(body, (paragraphs) => {
        expect(importable(['World', '7 January 2022', '', 'A headline that says what happened', '', 'By Some Body', '', ...paragraphs].join('\n'))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
