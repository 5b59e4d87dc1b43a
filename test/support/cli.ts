import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

export interface ServeProcess {
  proc: ChildProcess;
  url: string;
  /** Everything it printed on stdout (its log lines, at LOG_LEVEL) so far. */
  output(): string;
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
}

/**
 * Starts `broadsheet serve` from the TypeScript sources in its own process, as a deployment
 * runs it, and resolves once it listens on a free port (PORT=0).
 */
export function startServeProcess(env: Record<string, string>): Promise<ServeProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'serve'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const look = () => {
      const m = out.match(/running at (http:\/\/\S+)/);
      if (m) {
        proc.stdout!.off('data', look);
        resolve({ proc, url: m[1]!, output: () => out, exited });
      }
    };
    proc.stdout!.on('data', look);
    void exited.then((code) => reject(new Error(`broadsheet serve exited (${code}) before it listened: ${err.trim()}`)));
  });
}
