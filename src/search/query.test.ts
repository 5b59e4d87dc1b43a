import { describe, expect, it } from 'vitest';
import { ftsExpression } from './fulltext-sqlite.js';
import { formatQuery, MAX_QUERY_WORDS, parseQuery } from './query.js';

describe('parseQuery', () => {
  it('reads words, quoted phrases and exclusions', () => {
    const q = parseQuery('Climate "carbon tax" -coal -"oil field"');
    expect(q.required).toEqual([['climate'], ['carbon', 'tax']]);
    expect(q.excluded).toEqual([['coal'], ['oil', 'field']]);
    expect(formatQuery(q)).toBe('climate "carbon tax" -coal -"oil field"');
  });

  it('treats an unbalanced quote as running to the end', () => {
    expect(parseQuery('budget "housing crisis').required).toEqual([['budget'], ['housing', 'crisis']]);
    expect(parseQuery('"').required).toEqual([]);
  });

  it('drops full-text operator syntax typed by a reader', () => {
    const q = parseQuery('title:war* AND (peace OR NEAR(a b)) ^head {x} +y');
    expect(q.required.flat()).toEqual(['title', 'war', 'and', 'peace', 'or', 'near', 'a', 'b', 'head', 'x', 'y']);
    expect(ftsExpression(q)).toBe('("title war" AND "and" AND "peace" AND "or" AND "near a" AND "b" AND "head" AND "x" AND "y")');
  });

  it('joins hyphenated and apostrophe words into phrases, and keeps a leading minus only as exclusion', () => {
    expect(parseQuery("e-mail don't").required).toEqual([['e', 'mail'], ['don', 't']]);
    expect(parseQuery('- lonely').required).toEqual([['lonely']]);
  });

  it('caps overlong queries by length and word count', () => {
    const q = parseQuery('word '.repeat(500));
    expect(q.truncated).toBe(true);
    expect(parseQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).required.flat()).toHaveLength(MAX_QUERY_WORDS);
  });

  it('keeps letters of every script and removes duplicates', () => {
    expect(parseQuery('Zürich zürich Київ 東京').required).toEqual([['zürich'], ['київ'], ['東京']]);
  });

  it('quotes every part of the FTS5 expression', () => {
    expect(ftsExpression(parseQuery('a "b c" -d'))).toBe('("a" AND "b c") NOT "d"');
  });
});
