import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { parseCopyDestination } from './copy-target.js';

describe('parseCopyDestination', () => {
  it('takes a PostgreSQL URL as it is', () => {
    expect(parseCopyDestination('postgres://u:p@db.example:5432/site')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.example:5432/site' });
    expect(parseCopyDestination('postgresql://db.example/site').kind).toBe('postgres');
  });

  it('takes a SQLite file as a path or a sqlite: address, and a folder as its broadsheet.sqlite', () => {
    expect(parseCopyDestination('./laptop.sqlite')).toEqual({ kind: 'sqlite', file: resolve('laptop.sqlite') });
    expect(parseCopyDestination('sqlite:/tmp/x/site.sqlite')).toEqual({ kind: 'sqlite', file: '/tmp/x/site.sqlite' });
    const folder = mkdtempSync(join(tmpdir(), 'broadsheet-to-'));
    expect(parseCopyDestination(folder)).toEqual({ kind: 'sqlite', file: join(folder, 'broadsheet.sqlite') });
    rmSync(folder, { recursive: true });
  });

  it('refuses other addresses and a URL without a database, saying what to give', () => {
    expect(() => parseCopyDestination('mysql://db/site')).toThrow(ValidationError);
    expect(() => parseCopyDestination('mysql://db/site')).toThrow(/cannot copy to mysql addresses: give postgres:\/\//);
    expect(() => parseCopyDestination('postgres://db.example')).toThrow(/names no database/);
  });
});
