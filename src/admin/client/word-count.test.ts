import { describe, expect, it } from 'vitest';
import { countWords, wordCountLine } from './word-count.js';

describe('word count and reading time', () => {
  it('counts words, not punctuation, and keeps contractions and numbers whole', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('Cranes stood idle — again — on Monday.')).toBe(6);
    expect(countWords("Don't count 3.5 per cent twice · ok")).toBe(7);
    expect(countWords('Élysée talks\nresume')).toBe(3);
  });

  it('writes the count in British style with a reading time of at least a minute', () => {
    expect(wordCountLine(0)).toBe('0 words');
    expect(wordCountLine(1)).toBe('1 word · 1 min read');
    expect(wordCountLine(1240)).toBe('1,240 words · 5 min read');
    expect(wordCountLine(5000)).toBe('5,000 words · 22 min read');
  });
});
