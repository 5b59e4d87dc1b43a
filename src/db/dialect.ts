import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';

/**
 * What differs between the databases Broadsheet runs on, named in one place
 * (as Kysely names its dialect capabilities) so that services never ask
 * "which database is this?".
 */
export interface DialectAdapter {
  readonly name: 'sqlite' | 'postgres';
  /** Several processes can share a queue with FOR UPDATE SKIP LOCKED. */
  readonly supportsSkipLocked: boolean;
  /** Only one process may write: background work runs in the serving process. */
  readonly singleWriter: boolean;
  /** Queries run on the calling thread (an embedded database), so they hold the event loop while they run. */
  readonly queriesOnEventLoop: boolean;
  /** The operator matching a pattern in any case: SQLite's LIKE already ignores (ASCII) case, and its lower() folds no more than that. */
  readonly anyCaseLike: 'like' | 'ilike';
  /**
   * Where headline trigrams live (migration 022): SQLite's in the FTS5 table `article_headlines`, queried by MATCH
   * and joined by rowid; PostgreSQL's in a GIN index on the column, which `ilike` itself uses.
   */
  readonly headlineTrigrams: 'fts5-table' | 'column-index';
  /**
   * A column of values can be bound as one array parameter and read back as rows with unnest:
   * a batch's statement then has the same short text whatever its rows (src/db/batches.ts).
   */
  readonly arrayParameters: boolean;
  /** Adds an auto-incrementing integer primary key named `id`. */
  addIdColumn<T extends string, C extends string>(table: CreateTableBuilder<T, C>): CreateTableBuilder<T, C | 'id'>;
}

export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  supportsSkipLocked: false,
  singleWriter: true,
  queriesOnEventLoop: true,
  anyCaseLike: 'like',
  headlineTrigrams: 'fts5-table',
  arrayParameters: false,
  addIdColumn: (table) => table.addColumn('id', 'integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement()),
};

export const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  supportsSkipLocked: true,
  singleWriter: false,
  queriesOnEventLoop: false,
  anyCaseLike: 'ilike',
  headlineTrigrams: 'column-index',
  arrayParameters: true,
  addIdColumn: (table) => table.addColumn('id', 'serial', (c: ColumnDefinitionBuilder) => c.primaryKey()),
};
