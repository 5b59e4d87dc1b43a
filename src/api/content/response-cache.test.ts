import { describe, expect, it } from 'vitest';
import { ContentEvents } from '../../content/events.js';
import { ResponseCache } from './response-cache.js';

const answer = (text: string) => ({ body: new Uint8Array(Buffer.from(text)), etag: `"${text}"` });

describe('ResponseCache', () => {
  it('keeps answers from the second ask of an address until any content changes, never one computed across a change, and for a minute at most', () => {
    const events = new ContentEvents();
    let now = 0;
    const cache = new ResponseCache(events, { now: () => now });
    cache.set('/posts/?page=1', cache.generation, answer('one'));
    expect(cache.get('/posts/?page=1')).toBeUndefined();
    cache.set('/posts/?page=1', cache.generation, answer('one'));
    expect(cache.get('/posts/?page=1')?.etag).toBe('"one"');

    const before = cache.generation;
    events.emit({ entity: 'author', id: 3 });
    expect(cache.get('/posts/?page=1')).toBeUndefined();
    cache.set('/posts/?page=1', before, answer('stale'));
    expect(cache.get('/posts/?page=1')).toBeUndefined();

    cache.set('/posts/?page=1', cache.generation, answer('fresh'));
    now = 59_999;
    expect(cache.get('/posts/?page=1')?.etag).toBe('"fresh"');
    now = 60_000;
    expect(cache.get('/posts/?page=1')).toBeUndefined();
  });

  it('holds at most maxBytes of bodies, forgetting the least recently used', () => {
    const cache = new ResponseCache(new ContentEvents(), { maxBytes: 12 });
    for (const k of ['a', 'b', 'c', 'd', 'e']) cache.set(k, cache.generation, answer('s'));
    cache.set('a', cache.generation, answer('aaa'));
    cache.set('b', cache.generation, answer('bbb'));
    cache.set('c', cache.generation, answer('ccc'));
    cache.get('a');
    cache.set('d', cache.generation, answer('ddd'));
    cache.set('e', cache.generation, answer('eee'));
    expect(['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k)?.etag ?? null)).toEqual(['"aaa"', null, '"ccc"', '"ddd"', '"eee"']);
  });
});
