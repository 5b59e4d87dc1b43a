import { describe, expect, it } from 'vitest';
import { cacheKeyOf, matchesIfNoneMatch, strongEtag } from './http.js';

describe('HTTP caching helpers', () => {
  it('gives equal bodies equal strong ETags and different bodies different ones', () => {
    const a = strongEtag(new TextEncoder().encode('<p>a</p>'));
    expect(a).toBe(strongEtag(new TextEncoder().encode('<p>a</p>')));
    expect(a).not.toBe(strongEtag(new TextEncoder().encode('<p>b</p>')));
    expect(a).toMatch(/^"[\w-]+"$/);
  });

  it('matches If-None-Match lists, weak tags and *', () => {
    expect(matchesIfNoneMatch('"a", W/"b"', '"b"')).toBe(true);
    expect(matchesIfNoneMatch('*', '"b"')).toBe(true);
    expect(matchesIfNoneMatch('"a"', '"b"')).toBe(false);
    expect(matchesIfNoneMatch(undefined, '"b"')).toBe(false);
  });

  it('keys URLs by path and sorted query, ignoring tracking parameters', () => {
    expect(cacheKeyOf('/world', '')).toBe('/world');
    expect(cacheKeyOf('/world', 'utm_source=mail&fbclid=1')).toBe('/world');
    expect(cacheKeyOf('/world', 'page=2&utm_medium=x&a=1')).toBe('/world?a=1&page=2');
  });
});
