import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { columnKind, sqliteValue } from './column-values.js';
import { isBookkeeping, writesInto, type CopySource, type CopyTarget, type LoadPlan, type TableShape } from './copy-endpoints.js';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function plainTables(db: SQLite.Database): string[] {
  const rows = db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name`).all() as Array<{ name: string }>;
  return rows.map((r) => r.name).filter((name) => !isBookkeeping(name));
}

function migrationNames(db: SQLite.Database): string[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`).get();
  if (!exists) return [];
  return (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
}

const countRows = (db: SQLite.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;

/** Reads a SQLite site file through its own read-only connection, in one read transaction. */
export function sqliteSource(file: string): CopySource {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  return {
    dialect: 'sqlite',
    async open() {
      db.exec('BEGIN');
      // A deferred transaction takes its snapshot at the first read.
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    },
    migrations: async () => migrationNames(db),
    tableNames: async () => plainTables(db),
    count: async (table) => countRows(db, table),
    async *batches(table, columns, size) {
      const select = db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw(true);
      let batch: unknown[][] = [];
      for (const row of select.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

/** Writes into a new (or empty) SQLite file. */
export function sqliteTarget(file: string): CopyTarget {
  let db: SQLite.Database | undefined;
  const connection = () => {
    if (!db) {
      db = new SQLite(file);
      db.pragma('foreign_keys = ON');
    }
    return db;
  };
  return {
    dialect: 'sqlite',
    async occupiedTables() {
      if (!existsSync(file) || statSync(file).size === 0) return [];
      const probe = new SQLite(file, { readonly: true });
      try {
        return plainTables(probe)
          .map((table) => ({ table, rows: countRows(probe, table) }))
          .filter((t) => t.rows > 0);
      } finally {
        probe.close();
      }
    },
    async migrate() {
      const database = openDatabase({ databaseUrl: '', dataDir: dirname(file), sqliteFile: basename(file) });
      try {
        await migrateToLatest(database);
      } finally {
        await database.close();
      }
      return migrationNames(connection());
    },
    async tables() {
      const db = connection();
      return plainTables(db).map((name): TableShape => {
        const columns = db.prepare(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`).all(name) as Array<{ name: string; type: string }>;
        const references = db.prepare(`SELECT DISTINCT "table" AS target FROM pragma_foreign_key_list(?)`).all(name) as Array<{ target: string }>;
        return { name, columns: columns.map((c) => ({ name: c.name, kind: columnKind(c.type) })), references: references.map((r) => r.target) };
      });
    },
    async load(plan: LoadPlan) {
      const db = connection();
      const copied = plan.tables.map((t) => t.name);
      const indexes = (db.prepare(`SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as Array<{ name: string; tableName: string; sql: string }>).filter((i) =>
        copied.includes(i.tableName),
      );
      const notCopied = (db.prepare(`SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'virtual'`).all() as Array<{ name: string }>).map((r) => r.name);
      const triggers = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ name: string; sql: string }>).filter(
        (t) => !writesInto(t.sql, notCopied),
      );
      db.exec('BEGIN IMMEDIATE');
      try {
        // SQLite cannot switch a trigger off: it is dropped and made again from its own SQL, in the same transaction.
        for (const t of triggers) db.exec(`DROP TRIGGER ${quote(t.name)}`);
        for (const i of indexes) db.exec(`DROP INDEX ${quote(i.name)}`);
        for (const table of plan.tables) {
          // Rows the migrations put in (a reserved row) are in the site too: the site's copy replaces them.
          db.exec(`DELETE FROM ${quote(table.name)}`);
          const insert = db.prepare(`INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`);
          for await (const batch of plan.rows(table)) {
            for (const row of batch) insert.run(row.map((value, i) => sqliteValue(value, table.columns[i]!.kind)));
            plan.onRows(table.name, batch.length);
          }
        }
        for (const i of indexes) db.exec(i.sql);
        for (const t of triggers) db.exec(t.sql);
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      // AUTOINCREMENT tables keep their next id in sqlite_sequence, which every insert of a larger id has already moved on.
      db.pragma('optimize');
    },
    count: async (table) => countRows(connection(), table),
    async close() {
      db?.close();
    },
  };
}
