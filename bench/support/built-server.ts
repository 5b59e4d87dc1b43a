import { spawnSync } from 'node:child_process';
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
