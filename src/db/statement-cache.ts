import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; a page render uses about a dozen, an import a few. */
const CACHED_STATEMENTS = 256;

/**
 * better-sqlite3 as Kysely sees it, except that each distinct SQL text is prepared once
 * and reused. Kysely prepares on every query otherwise, and each throwaway statement
 * costs SQLite a parse and plan, and V8 a native handle to collect: on the reader's
 * cache-miss path that garbage, not the queries, set the slowest renders. Least recently
 * used texts are dropped beyond the limit (IN lists of varying length make new ones).
 * Sharing a statement is safe because Kysely runs one query at a time on SQLite, a
 * streamed one included.
 */
export function withStatementCache(sqlite: SQLite.Database, limit = CACHED_STATEMENTS, prepare = (sql: string) => sqlite.prepare(sql)): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const statement = statements.get(sql) ?? prepare(sql);
      statements.delete(sql);
      statements.set(sql, statement);
      if (statements.size > limit) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
