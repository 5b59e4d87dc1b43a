import type { Logger } from 'pino';
import type { Database } from '../db/connection.js';
import type { DialectAdapter } from '../db/dialect.js';
import { changeStore, type ChangeStore, type RecordedChange } from './change-store.js';
import type { ContentEvents } from './events.js';

/**
 * Says when the change feed may hold rows this process has not read. The seam for waking the
 * follower: SQLite polls its cheap data version; a PostgreSQL server is woken by LISTEN/NOTIFY
 * (src/cluster/notify-signal.ts, passed in by startServer), other PostgreSQL followers poll the
 * table (see docs/architecture/003-change-feed-between-processes.md).
 */
export interface ChangeSignal {
  /** Resolves when new rows may be there; the first call resolves at once. Resolves early once `abort` fires. */
  next(abort: AbortSignal): Promise<void>;
}

export interface FollowOptions {
  logger: Logger;
  /** How often to look; five times a second keeps a change under a second away. */
  intervalMs?: number;
  /** Replaces the dialect's own signal. */
  signal?: ChangeSignal;
}

export interface ChangeFollower {
  /** Resolves once the follower knows where the feed ends: every change recorded after that is delivered. */
  ready: Promise<void>;
  /** Stops looking and resolves once the last read has finished. */
  stop(): Promise<void>;
}

const INTERVAL_MS = 200;
const RETRY_MS = 1000;
const PAGE = 1000;
/** Rows are kept this long: far longer than any follower lags behind, short enough to stay a small table. */
const KEEP_MS = 60 * 60 * 1000;
/**
 * On PostgreSQL ids are taken before commit, so a row can appear after a higher id was read.
 * Skipped ids are looked for again this long (a rolled-back insert leaves one for good)…
 */
const GAP_WAIT_MS = 10_000;
/** …up to this many at once. */
const MAX_GAPS = 500;

/** Resolves after `ms`, at once when `abort` fires, or when the `wake` handed to `onWake` is called. */
export function pause(ms: number, abort: AbortSignal, onWake?: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      abort.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    abort.addEventListener('abort', done);
    onWake?.(done);
  });
}

/** Looks every `intervalMs`. */
export function pollingSignal(intervalMs: number): ChangeSignal {
  let first = true;
  return {
    async next(abort) {
      if (first) first = false;
      else await pause(intervalMs, abort);
    },
  };
}

/**
 * Looks when another connection has committed to the SQLite file since the last look (`PRAGMA
 * data_version`, which costs no table read). This process's own writes do not count: they are
 * never delivered back to it anyway.
 */
export function sqliteDataVersionSignal(store: Pick<ChangeStore, 'sqliteDataVersion'>, intervalMs: number): ChangeSignal {
  let seen: number | undefined;
  return {
    async next(abort) {
      if (seen === undefined) {
        seen = await store.sqliteDataVersion();
        return;
      }
      while (!abort.aborted) {
        await pause(intervalMs, abort);
        if (abort.aborted) return;
        const version = await store.sqliteDataVersion();
        if (version !== seen) {
          seen = version;
          return;
        }
      }
    },
  };
}

const signals: Record<DialectAdapter['name'], (store: ChangeStore, intervalMs: number) => ChangeSignal> = {
  sqlite: sqliteDataVersionSignal,
  postgres: (_store, intervalMs) => pollingSignal(intervalMs),
};

/**
 * The change feed: every content change any process commits is a row in `content_changes`
 * (written by ContentEvents); a serving process follows the feed and announces the rows of
 * other processes as if the change were its own, so its render cache drops what they made stale.
 *
 * @example const follower = services.changes.follow({ logger }); … await follower.stop();
 */
export function changeFeed(database: Database, events: ContentEvents, clock: () => Date = () => new Date()) {
  const store = changeStore(database.db);

  return {
    /**
     * Reads the feed from its current end and delivers other processes' changes to `events`
     * until stopped. A failed read is logged and retried; it never throws.
     */
    follow({ logger, intervalMs = INTERVAL_MS, signal }: FollowOptions): ChangeFollower {
      const abort = new AbortController();
      const wake = signal ?? signals[database.dialect.name](store, intervalMs);
      let last: number | undefined;
      const gaps = new Map<number, number>();
      let started!: () => void;
      const ready = new Promise<void>((resolve) => (started = resolve));

      const read = async () => {
        if (last === undefined) {
          // Only after the signal's first look, so that nothing committed in between goes unseen.
          last = await store.latestSeq();
          started();
        }
        for (;;) {
          const now = clock().getTime();
          for (const [seq, since] of gaps) if (now - since > GAP_WAIT_MS) gaps.delete(seq);
          const rows: RecordedChange[] = await store.after(last, [...gaps.keys()], PAGE);
          for (const row of rows) {
            const late = gaps.delete(row.seq);
            if (!late) {
              for (let skipped = last + 1; skipped < row.seq && gaps.size < MAX_GAPS; skipped++) gaps.set(skipped, now);
              last = row.seq;
            }
            if (row.origin !== events.origin) events.deliver({ entity: row.entity, id: row.id });
          }
          if (rows.length < PAGE || abort.signal.aborted) return;
        }
      };

      const loop = (async () => {
        let failing = false;
        while (!abort.signal.aborted) {
          try {
            if (failing) await pause(RETRY_MS, abort.signal);
            else await wake.next(abort.signal);
            if (abort.signal.aborted) return;
            await read();
            if (failing) logger.info('reading the change feed again');
            failing = false;
          } catch (error) {
            if (!failing) logger.error({ err: error }, 'reading the change feed failed; retrying every second');
            failing = true;
          }
        }
      })();

      return {
        ready,
        async stop() {
          abort.abort();
          await loop;
          started();
        },
      };
    },

    /** Deletes rows older than `keepMs` (an hour); returns how many. */
    prune(keepMs = KEEP_MS): Promise<number> {
      return store.deleteBefore(new Date(clock().getTime() - keepMs).toISOString());
    },
  };
}

export type ChangeFeed = ReturnType<typeof changeFeed>;
