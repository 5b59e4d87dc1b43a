import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ConflictError } from '../errors.js';
import { claimSqliteServer } from './sqlite-server-lock.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('refuses a second server on a file a live process serves, naming it, and lets one start once that one released it', async () => {
  const dir = tempDir();
  // Another live process on this host holds the file.
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(join(dir, 'broadsheet.sqlite.server'), JSON.stringify({ pid: other.pid, host: hostname(), startedAt: '2026-12-03T08:00:00.000Z' }));
    expect(() => claimSqliteServer(dir)).toThrow(ConflictError);
    expect(() => claimSqliteServer(dir)).toThrow(`another Broadsheet server (process ${other.pid} on ${hostname()}, since 2026-12-03T08:00:00.000Z) already serves ${join(dir, 'broadsheet.sqlite')}`);
  } finally {
    other.kill();
  }
  rmSync(join(dir, 'broadsheet.sqlite.server'));
  const release = claimSqliteServer(dir);
  expect(existsSync(join(dir, 'broadsheet.sqlite.server'))).toBe(true);
  release();
  expect(existsSync(join(dir, 'broadsheet.sqlite.server'))).toBe(false);
});

it('takes over a file left by a process that died', async () => {
  const dir = tempDir();
  const gone = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => gone.once('exit', r));
  writeFileSync(join(dir, 'broadsheet.sqlite.server'), JSON.stringify({ pid: gone.pid, host: hostname(), startedAt: '2026-12-03T08:00:00.000Z' }));
  const release = claimSqliteServer(dir);
  release();
  expect(existsSync(join(dir, 'broadsheet.sqlite.server'))).toBe(false);
});
