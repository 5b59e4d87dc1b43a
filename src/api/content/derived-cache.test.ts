import { describe, expect, it } from 'vitest';
import { DerivedCache } from './derived-cache.js';

describe('DerivedCache', () => {
  it('computes a value once per key, and forgets the least recently used past its size', () => {
    const cache = new DerivedCache(2);
    let computed = 0;
    const get = (key: string) => cache.get(key, () => `${key}#${++computed}`);
    expect(get('a')).toBe('a#1');
    expect(get('b')).toBe('b#2');
    expect(get('a')).toBe('a#1');
    expect(get('c')).toBe('c#3');
    expect(get('a')).toBe('a#1');
    expect(get('b')).toBe('b#4');
  });
});
