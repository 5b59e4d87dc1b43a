import { describe, expect, it } from 'vitest';
import { slugify } from './slug.js';

describe('slugify', () => {
  it('folds accents, apostrophes and punctuation', () => {
    expect(slugify('Russia’s hold: Ça va, Kazakhstan?')).toBe('russias-hold-ca-va-kazakhstan');
  });

  it('cuts long titles at a word boundary', () => {
    const slug = slugify('one two three four five six seven eight nine ten', 20);
    expect(slug.length).toBeLessThanOrEqual(20);
    expect(slug).toBe('one-two-three-four');
  });

  it('never returns an empty slug', () => {
    expect(slugify('!!!')).toBe('untitled');
  });
});
