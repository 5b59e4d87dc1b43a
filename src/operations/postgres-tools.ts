import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BroadsheetError } from '../errors.js';

const DEBIAN_VERSIONS = '/usr/lib/postgresql';

/**
 * Where PostgreSQL's `pg_dump` or `pg_restore` is: Debian keeps each major version's tools in
 * /usr/lib/postgresql/<version>/bin, and the newest one reads every older server; otherwise
 * the one on PATH.
 */
export function postgresTool(name: 'pg_dump' | 'pg_restore'): string {
  const versions = existsSync(DEBIAN_VERSIONS)
    ? readdirSync(DEBIAN_VERSIONS)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    const path = join(DEBIAN_VERSIONS, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return name;
}

/** Runs a PostgreSQL tool to the end; a failure says which tool and the last thing it printed. */
export function runPostgresTool(name: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(postgresTool(name), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new BroadsheetError(error.code === 'ENOENT' ? `${name} was not found: install PostgreSQL's client tools (Debian: postgresql-client)` : `${name} could not start: ${error.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BroadsheetError(`${name} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`));
    });
  });
}
