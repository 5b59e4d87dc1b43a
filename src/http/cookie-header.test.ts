import { describe, expect, it } from 'vitest';
import { carriesCookie, cookieValue } from './cookie-header.js';

const READER = ['__Host-broadsheet_reader', 'broadsheet_reader'];

describe('carriesCookie', () => {
  it('finds a cookie by name wherever it sits in the header', () => {
    expect(carriesCookie('broadsheet_reader=abc', READER)).toBe(true);
    expect(carriesCookie('broadsheet_meter=x.y; broadsheet_reader=abc', READER)).toBe(true);
    expect(carriesCookie('a=1;__Host-broadsheet_reader=abc', READER)).toBe(true);
  });

  it('does not take a longer name, a value or a prefixed name for the cookie', () => {
    expect(carriesCookie(undefined, READER)).toBe(false);
    expect(carriesCookie('', READER)).toBe(false);
    expect(carriesCookie('broadsheet_meter=2026-12.a.sig', READER)).toBe(false);
    expect(carriesCookie('xbroadsheet_reader=1', READER)).toBe(false);
    expect(carriesCookie('broadsheet_readers=1', READER)).toBe(false);
    expect(carriesCookie('note=broadsheet_reader=1', READER)).toBe(false);
    expect(carriesCookie('__Host-broadsheet_reader=abc', ['broadsheet_reader'])).toBe(false);
  });
});

describe('cookieValue', () => {
  it('reads the named cookie, first, last or between others', () => {
    expect(cookieValue('broadsheet_meter=2026-12.a.sig', 'broadsheet_meter')).toBe('2026-12.a.sig');
    expect(cookieValue('a=1; broadsheet_meter=2026-12.a.sig; b=2', 'broadsheet_meter')).toBe('2026-12.a.sig');
    expect(cookieValue('a=1;broadsheet_meter= v ', 'broadsheet_meter')).toBe('v');
  });

  it('skips a value that merely contains the name, and decodes what was encoded', () => {
    expect(cookieValue('note=broadsheet_meter=forged; broadsheet_meter=real', 'broadsheet_meter')).toBe('real');
    expect(cookieValue('xbroadsheet_meter=forged', 'broadsheet_meter')).toBeUndefined();
    expect(cookieValue('name=%22a%20b%22', 'name')).toBe('"a b"');
    expect(cookieValue('name="quoted"', 'name')).toBe('quoted');
    expect(cookieValue('name=%E0%A4%A', 'name')).toBeUndefined();
    expect(cookieValue(undefined, 'name')).toBeUndefined();
  });
});
