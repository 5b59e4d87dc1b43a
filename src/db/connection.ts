import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { postgresAdapter, sqliteAdapter, type DialectAdapter } from './dialect.js';
import type { DB } from './schema.js';
import { withStatementCache } from './statement-cache.js';

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
  close(): Promise<void>;
}

export interface ConnectionOptions {
  /** postgres://… or empty for SQLite. */
  databaseUrl: string;
  dataDir: string;
  /** SQLite file name inside dataDir; ':memory:' for a throwaway database. */
  sqliteFile?: string;
  poolSize?: number;
  /** Told when the server drops an idle pooled connection (a restart, a failover). */
  onConnectionLost?: (error: Error) => void;
}

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
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // The pool discards the dropped connection and opens a new one on the next query; without a
    // listener, pg re-throws the error and takes the whole process down.
    pool.on('error', options.onConnectionLost ?? (() => {}));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: postgresAdapter,
      // Autovacuum analyses each table as it changes; an ANALYZE of every table after every import would cost more.
      refreshStatistics: async () => {},
      close: () => db.destroy(),
    };
  }
  const file = options.sqliteFile ?? 'broadsheet.sqlite';
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
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
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: sqliteAdapter,
    refreshStatistics: async () => {
      refresh();
    },
    close: () => db.destroy(),
  };
}
