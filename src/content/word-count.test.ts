import { describe, expect, it } from 'vitest';
import { countWords, readingTime } from './word-count.js';

describe('word count and reading time', () => {
  it('counts words, not punctuation, and keeps contractions and numbers whole', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('Cranes stood idle — again — on Monday.')).toBe(6);
    expect(countWords("Don't count 3.5 per cent twice · ok")).toBe(7);
    expect(countWords('Élysée talks\nresume')).toBe(3);
  });

  it('rounds to whole minutes at 230 words a minute, never under one', () => {
    expect(readingTime(0)).toBe('1 min read');
    expect(readingTime(344)).toBe('1 min read');
    expect(readingTime(345)).toBe('2 min read');
    expect(readingTime(1380)).toBe('6 min read');
  });
});
