import pg from 'pg';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { columnKind } from './column-values.js';
import { isBookkeeping, type CopySource, type CopyTarget, type LoadPlan } from './copy-endpoints.js';
import { loadPostgres } from './postgres-load.js';

const quote = (name: string) => pg.escapeIdentifier(name);

async function plainTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((r) => r.name).filter((name) => !isBookkeeping(name));
}

async function migrationNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('kysely_migration') IS NOT NULL AS exists`);
  if (!rows[0]!.exists) return [];
  return (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name);
}

const countRows = async (client: pg.Client, table: string) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`)).rows[0]!.n;

/** Every plain table's row count, through an open client and inside whatever transaction it is in. */
export async function countPostgresTables(client: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await plainTables(client)) counts[table] = await countRows(client, table);
  return counts;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Reads a PostgreSQL site in one repeatable-read transaction, a cursor per table. */
export function postgresSource(url: string): CopySource {
  let client: pg.Client | undefined;
  let cursors = 0;
  const ready = () => {
    if (!client) throw new Error('postgresSource: open() first');
    return client;
  };
  return {
    dialect: 'postgres',
    async open() {
      client = await connect(url);
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    migrations: async () => migrationNames(ready()),
    tableNames: async () => plainTables(ready()),
    count: async (table) => countRows(ready(), table),
    async *batches(table, columns, size) {
      const c = ready();
      const cursor = `copy_cursor_${++cursors}`;
      await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`);
      for (;;) {
        const { rows } = await c.query<unknown[]>({ text: `FETCH ${size} FROM ${cursor}`, rowMode: 'array' });
        if (!rows.length) break;
        yield rows;
      }
      await c.query(`CLOSE ${cursor}`);
    },
    async close() {
      await client?.query('COMMIT').catch(() => {});
      await client?.end();
    },
  };
}

/** Writes into an empty PostgreSQL database with COPY, over two connections (see loadPostgres). */
export function postgresTarget(url: string): CopyTarget {
  let client: pg.Client | undefined;
  const connection = async () => (client ??= await connect(url));
  return {
    dialect: 'postgres',
    async occupiedTables() {
      const c = await connection();
      const occupied: Array<{ table: string; rows: number }> = [];
      for (const table of await plainTables(c)) {
        const rows = await countRows(c, table);
        if (rows > 0) occupied.push({ table, rows });
      }
      return occupied;
    },
    async migrate() {
      const database = openDatabase({ databaseUrl: url, dataDir: '.', poolSize: 1 });
      try {
        await migrateToLatest(database);
      } finally {
        await database.close();
      }
      return migrationNames(await connection());
    },
    async tables() {
      const c = await connection();
      const names = await plainTables(c);
      const { rows: columns } = await c.query<{ table: string; name: string; type: string }>(
        `SELECT table_name AS table, column_name AS name, data_type AS type FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      );
      const { rows: references } = await c.query<{ table: string; target: string }>(
        `SELECT DISTINCT t.relname AS table, r.relname AS target FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = c.connamespace
         WHERE c.contype = 'f' AND n.nspname = current_schema()`,
      );
      return names.map((name) => ({
        name,
        columns: columns.filter((c) => c.table === name).map((c) => ({ name: c.name, kind: columnKind(c.type) })),
        references: references.filter((r) => r.table === name).map((r) => r.target),
      }));
    },
    async load(plan: LoadPlan) {
      const c = await connection();
      const copied = plan.tables.map((t) => t.name);
      await loadPostgres(c, () => connect(url), plan, (await plainTables(c)).filter((t) => !copied.includes(t)));
    },
    count: async (table) => countRows(await connection(), table),
    async close() {
      await client?.end();
    },
  };
}
