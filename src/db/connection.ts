import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Driver } from 'kysely';
import pg from 'pg';
import { ensureDataDir } from '../data-dir.js';
import { BroadsheetError } from '../errors.js';
import { postgresAdapter, sqliteAdapter, type DialectAdapter } from './dialect.js';
import { PreparingClient } from './prepared-statements.js';
import type { DB } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import { preparingInTurn, WriteTurns } from './write-turns.js';

/**
 * SQLite transactions that take the write lock when they begin. A deferred transaction reads
 * first and asks for the lock at its first write; when another connection (the delivery thread,
 * a command) wrote in between, SQLite answers SQLITE_BUSY at once instead of waiting out the
 * busy timeout, because waiting could not make the transaction's old snapshot current.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** An open database: the query builder plus what its dialect can do. */
export interface Database {
  db: Kysely<DB>;
  dialect: DialectAdapter;
  /**
   * Brings SQLite's query-planner statistics up to date; run after large writes (an import,
   * a generated archive) and now and then. Without them SQLite guesses that a `status = ?`
   * index lookup finds ten rows, and reads 250,000 published articles to pick twenty by id.
   */
  refreshStatistics(): Promise<void>;
  /** The connection pool now, for /metrics: SQLite has one connection and no pool (all zeros). */
  poolStats(): PoolStats;
  /** SQLite: the write turns of this file, for another thread's connection to take its turns by (`ConnectionOptions.writeTurns`). */
  writeTurns?: SharedArrayBuffer;
  /**
   * SQLite: this connection stops checkpointing the write-ahead log while another thread's
   * (`ConnectionOptions.writeTurns`) does it; call the answer when that thread is gone.
   */
  checkpointElsewhere(): () => void;
  /** PostgreSQL: where it is, for another thread to open connections of its own (an import's reading thread). */
  url?: string;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open. */
  total: number;
  /** Open and free. */
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  /** Connections the pool may open. */
  max: number;
}

export interface ConnectionOptions {
  /** postgres://… or empty for SQLite. */
  databaseUrl: string;
  dataDir: string;
  /** SQLite file name inside dataDir; ':memory:' for a throwaway database. */
  sqliteFile?: string;
  poolSize?: number;
  /**
   * SQLite, in a background thread: the serving thread's `Database.writeTurns`, so that its
   * writes wait for the server's (write-turns.ts). This connection then checkpoints the
   * write-ahead log for the process, on a timer and outside any turn.
   */
  writeTurns?: SharedArrayBuffer;
  /** Told when the server drops an idle pooled connection (a restart, a failover). */
  onConnectionLost?: (error: Error) => void;
}

/** SQLite's own default: a checkpoint whenever the log passes this many pages. */
const AUTOCHECKPOINT_PAGES = 1000;
/** How often a background thread's connection checkpoints for its process. */
const CHECKPOINT_MS = 100;

// COUNT(*) and BIGINT come back from pg as strings; every count we take fits in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * Opens the database named by the config: PostgreSQL when the URL says so,
 * otherwise the embedded SQLite file.
 *
 * @example const { db } = openDatabase({ databaseUrl: '', dataDir: './data' });
 */
export function openDatabase(options: ConnectionOptions): Database {
  if (options.databaseUrl) {
    // No parallel plans: the site's statements are short and many run at once, and starting a plan's
    // workers cost more than they saved (a search's 2 ms walk took 12 ms as a parallel plan on two cores).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, Client: PreparingClient, options: '-c max_parallel_workers_per_gather=0' });
    // The pool discards the dropped connection and opens a new one on the next query; without a
    // listener, pg re-throws the error and takes the whole process down.
    pool.on('error', options.onConnectionLost ?? (() => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: postgresAdapter,
      // Autovacuum analyses each table as it changes; an ANALYZE of every table after every import would cost more.
      refreshStatistics: async () => {},
      checkpointElsewhere: () => () => {},
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max }),
      url: options.databaseUrl,
      close: () => db.destroy(),
    };
  }
  const file = options.sqliteFile ?? 'broadsheet.sqlite';
  if (file !== ':memory:') ensureDataDir(options.dataDir);
  const sqlite = new SQLite(file === ':memory:' ? file : join(options.dataDir, file));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Statistics from a sample of each index, so that refreshing them stays cheap on a century of articles.
  sqlite.pragma('analysis_limit = 1000');
  // SQLite's advice for a long-lived connection: at open, analyse every table never analysed or grown tenfold since.
  const refresh = () => sqlite.pragma('optimize = 0x10002');
  refresh();
  // A commit that brings the log past its limit copies it into the database file before it
  // returns, thousands of pages after a fan-out: paid by whichever writer came last, a publish
  // as often as not, and with its turn still held. The background thread's timer does it instead.
  const checkpointing = options.writeTurns ? setInterval(() => sqlite.pragma('wal_checkpoint(PASSIVE)'), CHECKPOINT_MS).unref() : undefined;
  if (checkpointing) sqlite.pragma('wal_autocheckpoint = 0');
  const turns = new WriteTurns({ buffer: options.writeTurns, background: Boolean(options.writeTurns) });
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, undefined, preparingInTurn(sqlite, turns)) }) });
  return {
    db,
    dialect: sqliteAdapter,
    refreshStatistics: async () => {
      refresh();
    },
    poolStats: () => ({ total: 0, idle: 0, waiting: 0, max: 0 }),
    writeTurns: turns.buffer,
    checkpointElsewhere: () => {
      sqlite.pragma('wal_autocheckpoint = 0');
      return () => sqlite.open && sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    },
    close: () => {
      clearInterval(checkpointing);
      return db.destroy();
    },
  };
}

const NETWORK_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  // PostgreSQL answered, but is still starting or recovering.
  '57P03': 'the server is starting up',
};

/** Why a connection attempt failed, in a few words, and whether trying again may help. */
function connectFailure(error: unknown): { cause: string; retry: boolean } {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  // Node reports a host with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  const code = e.code ?? e.errors?.[0]?.code;
  if (code && NETWORK_FAILURES[code]) return { cause: NETWORK_FAILURES[code], retry: true };
  if (/timeout/i.test(e.message ?? '')) return { cause: 'timed out', retry: true };
  return { cause: (e.message || code || 'unknown error').slice(0, 200), retry: false };
}

/** host:port (or socket folder) of a postgres:// URL, for messages: never the user or password. */
function serverOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.searchParams.get('host') ?? url.hostname}:${url.port || 5432}`;
}

/**
 * Waits until PostgreSQL accepts a connection, before anything else is started: connection
 * failures (the server still starting, a network blip) are retried for `timeoutSeconds`, and
 * `onRetry` is told once; refusals that retrying cannot mend (a wrong password, no such
 * database) stop at once. Gives up with a BroadsheetError naming DATABASE_URL and the cause.
 *
 * @example await waitForPostgres(config.databaseUrl, { timeoutSeconds: 5, onRetry: console.error });
 */
export async function waitForPostgres(databaseUrl: string, options: { timeoutSeconds: number; onRetry?: (message: string) => void }): Promise<void> {
  const server = serverOf(databaseUrl);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (let attempt = 0; ; attempt++) {
    // Without a connect timeout pg waits as long as the kernel does for a host that never answers.
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: Math.max(deadline - Date.now(), 1000) });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      const { cause, retry } = connectFailure(error);
      if (!retry) throw new BroadsheetError(`DATABASE_URL: PostgreSQL at ${server} refused the connection (${cause})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new BroadsheetError(`DATABASE_URL: cannot connect to PostgreSQL at ${server} (${cause}); gave up after ${options.timeoutSeconds} s`);
      if (attempt === 0) options.onRetry?.(`cannot connect to PostgreSQL at ${server} (${cause}); retrying for up to ${options.timeoutSeconds} s`);
      await sleep(Math.min(250 * 2 ** attempt, 2000, left));
    }
  }
}
