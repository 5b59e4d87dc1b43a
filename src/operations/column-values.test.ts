import { describe, expect, it } from 'vitest';
import { columnKind, copyText, sqliteValue } from './column-values.js';

describe('column values between the databases', () => {
  it('reads either database’s spelling of a type', () => {
    expect(['integer', 'INTEGER', 'bigint', 'serial'].map(columnKind)).toEqual(['integer', 'integer', 'integer', 'integer']);
    expect(['boolean', 'bytea', 'blob', 'jsonb', 'timestamp with time zone', 'text', 'character varying'].map(columnKind)).toEqual([
      'boolean',
      'bytes',
      'bytes',
      'json',
      'timestamp',
      'text',
      'text',
    ]);
  });

  it('writes COPY text with its escapes, nulls, booleans and bytes', () => {
    expect(copyText('line one\nline\ttwo \\ end\r', 'text')).toBe('line one\\nline\\ttwo \\\\ end\\r');
    expect(copyText(null, 'text')).toBe('\\N');
    expect(copyText('\\N', 'text')).toBe('\\\\N');
    expect([copyText(1, 'boolean'), copyText(0, 'boolean'), copyText(true, 'boolean')]).toEqual(['t', 'f', 't']);
    expect(copyText(Buffer.from([1, 255]), 'bytes')).toBe('\\\\x01ff');
    expect(copyText({ a: 'x' }, 'json')).toBe('{"a":"x"}');
    expect(copyText(new Date('2026-01-02T03:04:05Z'), 'timestamp')).toBe('2026-01-02T03:04:05.000Z');
    expect(copyText(42, 'integer')).toBe('42');
  });

  it('turns PostgreSQL values into what SQLite stores', () => {
    expect([sqliteValue(true, 'boolean'), sqliteValue(false, 'integer')]).toEqual([1, 0]);
    expect(sqliteValue(new Date('2026-01-02T03:04:05Z'), 'timestamp')).toBe('2026-01-02T03:04:05.000Z');
    expect(sqliteValue({ a: 1 }, 'json')).toBe('{"a":1}');
    expect(sqliteValue(Buffer.from('x'), 'bytes')).toEqual(Buffer.from('x'));
    expect(sqliteValue(null, 'text')).toBeNull();
  });
});
