import { describe, expect, it } from 'vitest';
import { RenderCache, type CachedPage } from './render-cache.js';

const page = (bytes: number, tags: string[], pageOf?: string): CachedPage => ({
  status: 200,
  body: new Uint8Array(bytes),
  etag: '"x"',
  tags,
  pageOf,
  headers: {},
  notModifiedHeaders: {},
});

describe('RenderCache', () => {
  it('evicts the least recently used pages once the bodies exceed the byte budget', () => {
    const cache = new RenderCache({ maxBytes: 300 });
    cache.set('/a', page(100, []));
    cache.set('/b', page(100, []));
    cache.set('/c', page(100, []));
    cache.get('/a');
    cache.set('/d', page(100, []));
    expect(['/a', '/b', '/c', '/d'].filter((k) => cache.has(k))).toEqual(['/a', '/c', '/d']);
    expect(cache.bytes).toBe(300);
    expect(cache.set('/huge', page(301, []))).toBe(false);
  });

  it('drops exactly the pages carrying a tag', () => {
    const cache = new RenderCache();
    cache.set('/world/2026/01/a', page(10, ['article:1', 'section:1']));
    cache.set('/politics/2026/01/b', page(10, ['article:2', 'section:2']));
    cache.set('/world', page(10, ['article:1', 'section:1', 'list:section:1'], 'list:section:1'));
    expect(cache.invalidate(['article:1']).sort()).toEqual(['/world', '/world/2026/01/a']);
    expect(cache.has('/politics/2026/01/b')).toBe(true);
    expect(cache.invalidate(['article:1'])).toEqual([]);
  });

  it('with withTheirLists, also drops the other pages of a list a dropped page belonged to', () => {
    const cache = new RenderCache();
    cache.set('/world', page(10, ['article:1', 'list:section:1'], 'list:section:1'));
    cache.set('/world?page=2', page(10, ['article:9', 'list:section:1'], 'list:section:1'));
    cache.set('/', page(10, ['article:1', 'list:latest', 'list:section:2']));
    cache.set('/politics?page=2', page(10, ['article:7', 'list:section:2'], 'list:section:2'));
    expect(cache.invalidate(['article:1'], { withTheirLists: true }).sort()).toEqual(['/', '/world', '/world?page=2']);
    expect(cache.has('/politics?page=2')).toBe(true);
  });

  it('refuses a page rendered before an invalidation, which may show what changed', () => {
    const cache = new RenderCache();
    const epoch = cache.epoch;
    cache.invalidate(['article:1']);
    expect(cache.set('/world', page(10, ['article:1']), epoch)).toBe(false);
    expect(cache.has('/world')).toBe(false);
  });

  it('makes readers wait for a tracked invalidation', async () => {
    const cache = new RenderCache();
    let release!: () => void;
    cache.track(new Promise<void>((r) => (release = r)));
    expect(cache.busy).toBe(true);
    const waited = cache.settled();
    release();
    await waited;
    expect(cache.busy).toBe(false);
  });
});
