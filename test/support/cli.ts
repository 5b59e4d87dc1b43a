import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cliEntry = join(repoRoot, 'src/cli/main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh folder to use as DATA_DIR for one CLI run or a series of them. */
export const tempDataDir = () => mkdtempSync(join(tmpdir(), 'broadsheet-cli-'));

/**
 * Runs `broadsheet <args>` from the TypeScript sources in a child process, as a
 * newsroom engineer would run it, with only the given environment on top of PATH.
 */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    input,
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
