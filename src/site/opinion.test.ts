import { describe, expect, it } from 'vitest';
import { isOpinionSection } from './opinion.js';

describe('isOpinionSection', () => {
  it('takes the ideas, opinion, comment and views sections for opinion, and no other', () => {
    expect(['ideas', 'opinion', 'comment', 'views'].map((slug) => isOpinionSection({ slug }))).toEqual([true, true, true, true]);
    expect(['world', 'politics', 'ideas-lab'].map((slug) => isOpinionSection({ slug }))).toEqual([false, false, false]);
  });
});
