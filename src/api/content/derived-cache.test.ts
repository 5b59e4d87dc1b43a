import { describe, expect, it } from 'vitest';
import { DerivedCache } from './derived-cache.js';

describe('DerivedCache', () => {
  it('keeps a value per key, and forgets the least recently used past its size', () => {
    const cache = new DerivedCache<string>(2);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c')]).toEqual(['A', 'C']);
  });
});
