/**
 * The kinds of column the copy converts between. Broadsheet's own schema keeps booleans as
 * 0/1 integers and dates and JSON as text on both databases, but a PostgreSQL table may use
 * the native types, and a value read from one database must become what the other stores.
 */
export type ColumnKind = 'integer' | 'real' | 'text' | 'boolean' | 'bytes' | 'json' | 'timestamp';

export interface Column {
  name: string;
  kind: ColumnKind;
}

/** A column's kind from its declared type, in either database's spelling. */
export function columnKind(declaredType: string): ColumnKind {
  const t = declaredType.toLowerCase();
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (/int|serial/.test(t)) return 'integer';
  if (/real|double|float|numeric|decimal/.test(t)) return 'real';
  if (t === 'bytea' || t === 'blob') return 'bytes';
  if (t.startsWith('json')) return 'json';
  if (t.startsWith('timestamp') || t === 'date') return 'timestamp';
  return 'text';
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One value in PostgreSQL's COPY text format for a column of `kind`: `\N` for null, booleans as
 * t/f whichever way the source kept them, bytes as `\x` hex, and the format's four escapes.
 *
 * @example copyText('a\tb', 'text') // 'a\\tb'
 */
export function copyText(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (kind === 'boolean') text = truthy(value) ? 't' : 'f';
  else if (Buffer.isBuffer(value)) text = `\\x${value.toString('hex')}`;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

/**
 * A value as SQLite stores it: booleans as 1/0, dates as ISO text, JSON as its text; numbers,
 * text and bytes as they are.
 */
export function sqliteValue(value: unknown, kind: ColumnKind): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'boolean' || typeof value === 'boolean') return truthy(value) ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

const truthy = (value: unknown) => value === true || value === 1 || value === 1n || value === 't' || value === '1' || value === 'true';
