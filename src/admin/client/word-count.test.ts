import { describe, expect, it } from 'vitest';
import { wordCountLine } from './word-count.js';

describe('the word count under the body editor', () => {
  it('writes the count in British style with a reading time of at least a minute', () => {
    expect(wordCountLine(0)).toBe('0 words');
    expect(wordCountLine(1)).toBe('1 word · 1 min read');
    expect(wordCountLine(1240)).toBe('1,240 words · 5 min read');
    expect(wordCountLine(5000)).toBe('5,000 words · 22 min read');
  });
});
