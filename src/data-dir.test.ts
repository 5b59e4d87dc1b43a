import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ensureDataDir } from './data-dir.js';

it('creates a missing data folder and its parents, and leaves nothing else in it', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'broadsheet-data-')), 'a', 'b', 'data');
  ensureDataDir(dir);
  expect(statSync(dir).isDirectory()).toBe(true);
  expect(readdirSync(dir)).toEqual([]);
  ensureDataDir(dir);
});

it('names DATA_DIR and the cause when the folder cannot be made', () => {
  expect(() => ensureDataDir('/proc/broadsheet-nope/data')).toThrow(
    'Invalid configuration: DATA_DIR: cannot create the folder /proc/broadsheet-nope (the file system there does not allow it, ENOENT)',
  );
});
