import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { columnKind, copyText, type Column } from './column-values.js';
import { isBookkeeping, writesInto, type CopySource, type CopyTarget, type LoadPlan, type TableShape } from './copy-endpoints.js';

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

/** Rows in COPY text format, a batch at a time, so that COPY's stream is fed as fast as the source reads. */
async function* copyLines(batches: AsyncIterable<unknown[][]>, columns: Column[], onRows: (n: number) => void): AsyncIterable<string> {
  for await (const batch of batches) {
    let text = '';
    for (const row of batch) {
      for (let i = 0; i < row.length; i++) text += (i ? '\t' : '') + copyText(row[i], columns[i]!.kind);
      text += '\n';
    }
    yield text;
    onRows(batch.length);
  }
}

/** Writes into an empty PostgreSQL database with COPY, in one transaction. */
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
      const notCopied = (await plainTables(c)).filter((t) => !copied.includes(t));
      await c.query('BEGIN');
      try {
        await c.query(`SET LOCAL maintenance_work_mem = '1GB'`);
        const { rows: triggers } = await c.query<{ name: string; table: string; source: string }>(
          `SELECT t.tgname AS name, r.relname AS table, p.prosrc AS source FROM pg_trigger t
           JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
           WHERE NOT t.tgisinternal AND n.nspname = current_schema()`,
        );
        const setAside = triggers.filter((t) => !writesInto(t.source, notCopied));
        // Indexes that back no constraint (foreign keys need the primary keys) are built once over the loaded rows.
        const { rows: indexes } = await c.query<{ name: string; definition: string }>(
          `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
           WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
        );
        // Foreign keys too, as pg_restore does: checked row by row they cost more than the copy, added back they are one join each.
        const { rows: foreignKeys } = await c.query<{ name: string; table: string; definition: string }>(
          `SELECT k.conname AS name, t.relname AS table, pg_get_constraintdef(k.oid) AS definition FROM pg_constraint k
           JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.contype = 'f' AND n.nspname = current_schema()`,
        );
        for (const t of setAside) await c.query(`ALTER TABLE ${quote(t.table)} DISABLE TRIGGER ${quote(t.name)}`);
        for (const k of foreignKeys) await c.query(`ALTER TABLE ${quote(k.table)} DROP CONSTRAINT ${quote(k.name)}`);
        for (const i of indexes) await c.query(`DROP INDEX ${quote(i.name)}`);
        for (const table of plan.tables) {
          // Rows the migrations put in (a reserved row) are in the site too: the site's copy replaces them.
          await c.query(`DELETE FROM ${quote(table.name)}`);
          const columns = table.columns.map((col) => quote(col.name)).join(', ');
          const stream = c.query(copyFrom(`COPY ${quote(table.name)} (${columns}) FROM STDIN`));
          await pipeline(Readable.from(copyLines(plan.rows(table), table.columns, (n) => plan.onRows(table.name, n))), stream);
        }
        for (const i of indexes) await c.query(i.definition);
        for (const k of foreignKeys) await c.query(`ALTER TABLE ${quote(k.table)} ADD CONSTRAINT ${quote(k.name)} ${k.definition}`);
        for (const t of setAside) await c.query(`ALTER TABLE ${quote(t.table)} ENABLE TRIGGER ${quote(t.name)}`);
        await setSequences(c);
        await c.query('COMMIT');
      } catch (error) {
        await c.query('ROLLBACK').catch(() => {});
        throw error;
      }
      // Fresh statistics for the planner: without them the first pages plan as if the tables were empty.
      await c.query('ANALYZE');
    },
    count: async (table) => countRows(await connection(), table),
    async close() {
      await client?.end();
    },
  };
}

/** Every serial or identity column's sequence continues after the largest copied value. */
async function setSequences(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ table: string; column: string; sequence: string }>(
    `SELECT table_name AS table, column_name AS column, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
     FROM information_schema.columns WHERE table_schema = current_schema()
       AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
  );
  for (const r of rows) {
    await c.query(`SELECT setval($1, coalesce((SELECT max(${quote(r.column)}) FROM ${quote(r.table)}), 0) + 1, false)`, [r.sequence]);
  }
}
