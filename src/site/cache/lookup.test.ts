import { describe, expect, it } from 'vitest';
import { lookup } from './lookup.js';
import { RenderCache, type CachedPage } from './render-cache.js';

const page = (): CachedPage => ({ status: 200, body: Buffer.from('<p>page</p>'), etag: '"e"', tags: [], headers: {}, notModifiedHeaders: {} });

describe('lookup', () => {
  const cache = new RenderCache();
  cache.set('/news/a', page());
  const withCookie = (cookie?: string) => lookup(cache, '/news/a', (name) => (name === 'cookie' ? cookie : undefined));

  it('serves readers without cookies, or with only the meter and the asks’ setting, from the cache', () => {
    for (const cookie of [undefined, '', 'broadsheet_meter=2026-12.a.sig', ' broadsheet_ask=nocount ;broadsheet_meter=x', 'broadsheet_meter=x;']) {
      expect(withCookie(cookie), String(cookie)).toMatchObject({ bypass: false, page: expect.anything() });
    }
  });

  it('keeps any other cookie out of the cache, even one whose name only contains a known one', () => {
    for (const cookie of ['theme=dark', 'broadsheet_meter=x; theme=dark', 'xbroadsheet_meter=1', 'broadsheet_meters=1', 'broadsheet_session=s', 'flag']) {
      expect(withCookie(cookie), cookie).toEqual({ key: '/news/a', bypass: true });
    }
  });

  it('marks a signed-in reader, with or without the meter beside the reader cookie', () => {
    for (const cookie of ['broadsheet_reader=abc', 'broadsheet_meter=x; __Host-broadsheet_reader=abc']) {
      expect(withCookie(cookie), cookie).toMatchObject({ bypass: true, reader: true });
    }
  });
});
