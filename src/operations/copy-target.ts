import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ValidationError } from '../errors.js';

/** Where `db copy --to` writes: a PostgreSQL database, or a SQLite file. */
export type CopyDestination = { kind: 'postgres'; url: string } | { kind: 'sqlite'; file: string };

/** The file name Broadsheet opens in DATA_DIR. */
export const SITE_FILE = 'broadsheet.sqlite';

/**
 * Reads `--to`: `postgres://…` (or `postgresql://…`), `sqlite:path`, or a plain path to a
 * SQLite file (a folder means its `broadsheet.sqlite`).
 *
 * @example parseCopyDestination('sqlite:./laptop/broadsheet.sqlite') // { kind: 'sqlite', file: '/…/laptop/broadsheet.sqlite' }
 */
export function parseCopyDestination(to: string): CopyDestination {
  const bad = (why: string) => new ValidationError(`--to ${why}: give postgres://user:password@host/database or a SQLite file such as ./site/broadsheet.sqlite`);
  if (/^postgres(ql)?:\/\//i.test(to)) {
    try {
      const url = new URL(to);
      if (!url.pathname.slice(1)) throw bad('names no database');
    } catch (error) {
      throw error instanceof ValidationError ? error : bad('is not a valid URL');
    }
    return { kind: 'postgres', url: to };
  }
  const path = to.replace(/^sqlite:(\/\/)?/i, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw bad(`cannot copy to ${path.split(':')[0]} addresses`);
  if (!path) throw bad('is empty');
  const file = resolve(path);
  return { kind: 'sqlite', file: existsSync(file) && statSync(file).isDirectory() ? join(file, SITE_FILE) : file };
}
