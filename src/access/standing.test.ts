import { describe, expect, it } from 'vitest';
import { carriesCookie, READER_COOKIES, STANDING_COOKIES } from './standing.js';

describe('carriesCookie', () => {
  it('finds a named cookie at the start of the header or after a separator', () => {
    expect(carriesCookie('broadsheet_reader=abc', READER_COOKIES)).toBe(true);
    expect(carriesCookie('broadsheet_meter=x.y; broadsheet_reader=abc', READER_COOKIES)).toBe(true);
    expect(carriesCookie('a=1;__Host-broadsheet_reader=abc', READER_COOKIES)).toBe(true);
    expect(carriesCookie('broadsheet_meter=1; broadsheet_session=s', STANDING_COOKIES)).toBe(true);
  });

  it('ignores the name inside another cookie’s name or value, and headers without it', () => {
    expect(carriesCookie(undefined, READER_COOKIES)).toBe(false);
    expect(carriesCookie('', READER_COOKIES)).toBe(false);
    expect(carriesCookie('broadsheet_meter=2026-12.a.sig', STANDING_COOKIES)).toBe(false);
    expect(carriesCookie('xbroadsheet_reader=1', READER_COOKIES)).toBe(false);
    expect(carriesCookie('broadsheet_readers=1', READER_COOKIES)).toBe(false);
    expect(carriesCookie('note=broadsheet_reader=1', READER_COOKIES)).toBe(false);
    expect(carriesCookie('__Host-broadsheet_reader=abc', ['broadsheet_reader'])).toBe(false);
  });
});
