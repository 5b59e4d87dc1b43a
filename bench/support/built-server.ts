import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const built = join(repoRoot, 'dist/main.js');

/** Whether dist/main.js is newer than every source file, i.e. what `npm start` runs is the code in src/. */
export function builtServerIsCurrent(): boolean {
  if (!existsSync(built)) return false;
  const newestSource = Math.max(
    ...readdirSync(join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => statSync(join(repoRoot, 'src', f)).mtimeMs),
  );
  return statSync(built).mtimeMs > newestSource;
}

/** Runs `npm run build` when dist/ is missing or older than src/. */
export function buildServerIfStale(): void {
  if (builtServerIsCurrent()) return;
  console.log('building (dist/ is missing or older than src/)…');
  const run = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('npm run build failed');
}

/**
 * How to start the server as `npm start` does: the compiled dist/main.js, built first when
 * older than the source; src/main.ts through tsx (whose compiler adds some memory and wraps
 * functions) when the build fails (another change in progress elsewhere in the tree).
 */
export function serverCommand(): { args: string[]; label: string } {
  try {
    buildServerIfStale();
  } catch (error) {
    console.log(`Server: ${(error as Error).message}`);
  }
  return builtServerIsCurrent()
    ? { args: [join(repoRoot, 'dist/main.js')], label: 'dist/main.js' }
    : { args: ['--import', 'tsx', 'src/main.ts'], label: 'src/main.ts via tsx (the build failed, so this measures the uncompiled server)' };
}

/** Starts the real server (`serverCommand`) in a fresh process with `env` added, and resolves with its address once it listens. */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; url: string; label: string }> {
  const { args, label } = serverCommand();
  const proc = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return listeningAddress(proc).then((url) => ({ proc, url, label }));
}

/** The address a started server prints ("running at http://…") on its standard output, once it listens. */
export function listeningAddress(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/running at (http:\/\/\S+)/);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
  });
}
