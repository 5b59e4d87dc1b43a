import { readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '../errors.js';

/** How often the holder touches its file, and how old a touch may be before the file counts as left behind. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 3 * HEARTBEAT_MS;

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * SQLite serves from one process: a second server on the same file would run every job twice
 * (the job lock is PostgreSQL's). So a server writes `<file>.server` (its pid, host and start)
 * and touches it every ten seconds; a second server finding it held by a live process, touched
 * lately, refuses to start, naming it. A file left by a process that died is taken over. The
 * command line (imports, sends) needs no lock: it writes through the change feed.
 *
 * @example const release = claimSqliteServer('./data', 'broadsheet.sqlite'); … release();
 */
export function claimSqliteServer(dataDir: string, file = 'broadsheet.sqlite'): () => void {
  const path = join(dataDir, `${file}.server`);
  const me: Holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const holder = readHolder(path);
  if (holder && holder.pid !== process.pid && !isLeftBehind(path, holder)) {
    throw new ConflictError(
      `another Broadsheet server (process ${holder.pid} on ${holder.host}, since ${holder.startedAt}) already serves ${join(dataDir, file)}; ` +
        'SQLite serves from one process: stop that one first, or run several processes on PostgreSQL (DATABASE_URL)',
    );
  }
  writeFileSync(path, JSON.stringify(me));
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // Removed by hand: the next start finds no holder, which is what the person meant.
    }
  }, HEARTBEAT_MS).unref();
  return () => {
    clearInterval(heartbeat);
    const current = readHolder(path);
    if (current?.pid === me.pid && current.startedAt === me.startedAt) unlinkSync(path);
  };
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** Its process is gone (on this host), or it has not been touched for a while (a host that went down). */
function isLeftBehind(path: string, holder: Holder): boolean {
  if (holder.host === hostname() && !alive(holder.pid)) return true;
  return Date.now() - statSync(path).mtimeMs > STALE_MS;
}
