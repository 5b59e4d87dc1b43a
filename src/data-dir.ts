import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ValidationError } from './errors.js';

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  // A parent that exists but refuses new entries: what /proc and similar virtual file systems answer.
  ENOENT: 'the file system there does not allow it',
};

const causeOf = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return CAUSES[code] ? `${CAUSES[code]}, ${code}` : code;
};

const refuse = (message: string) => new ValidationError('Invalid configuration', [{ path: 'DATA_DIR', message }]);

/** What is at `path`: a folder, something else, or nothing (undefined). */
function kindOf(path: string): 'folder' | 'file' | undefined {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw refuse(`cannot read ${path} (${causeOf(error)})`);
  }
}

/**
 * Makes sure the data folder exists and this process can write in it, creating it and its
 * parents as needed, or throws a ValidationError naming DATA_DIR and the cause.
 *
 * Each missing folder is made one at a time: Node's recursive mkdir loops for minutes on a
 * path whose parent refuses new entries with ENOENT (anything under /proc).
 *
 * @example ensureDataDir('/srv/broadsheet/data')
 */
export function ensureDataDir(dir: string): void {
  const missing: string[] = [];
  let existing = dir;
  let kind = kindOf(existing);
  while (!kind) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
    kind = kindOf(existing);
  }
  if (kind === 'file') throw refuse(`${existing} is a file, not a folder`);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Another process may have made it in the meantime.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || kindOf(folder) !== 'folder') {
        throw refuse(`cannot create the folder ${folder} (${causeOf(error)})`);
      }
    }
  }
  // Permissions alone do not say it (root writes anywhere, except on a read-only or virtual file system): try.
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (error) {
    throw refuse(`cannot write in ${dir} (${causeOf(error)})`);
  }
}
