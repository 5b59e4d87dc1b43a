import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { VerificationError } from '../errors.js';
import { searchDocument } from '../search/search-document-postgres.js';
import { copyText, type Column } from './column-values.js';
import { writesInto, type LoadPlan } from './copy-endpoints.js';

const quote = (name: string) => pg.escapeIdentifier(name);

/**
 * PostgreSQL's own tables derived from `articles` that a SQLite site keeps another way (its
 * search index is FTS5, not a plain table): filled after the copy by one set-based statement
 * per id range, which writes exactly the rows migration 032's insert trigger writes, and
 * checked against the count that trigger would leave.
 */
const DERIVED: Record<string, { fill: string; expected: string }> = {
  article_search: {
    fill: `INSERT INTO article_search (article_id, document)
      SELECT id, ${searchDocument('headline', 'standfirst', 'body_text')}
      FROM articles WHERE status = 'published' AND id >= $1 AND id < $2`,
    expected: `SELECT count(*)::int AS n FROM articles WHERE status = 'published'`,
  },
};

/**
 * Memory for each connection's index builds. A GIN build over 250,000 articles took no less
 * CPU with 1 GB than with 256 MB (its sort tree outgrows the processor's caches), and the copy
 * builds on two connections at once.
 */
const BUILD_MEMORY = '256MB';

/** What the load takes off the target while rows arrive, to put back once they are in. */
interface SetAside {
  triggers: Array<{ name: string; table: string }>;
  indexes: Array<{ name: string; table: string; definition: string }>;
  foreignKeys: Array<{ name: string; table: string; definition: string }>;
}

async function setAsideFor(c: pg.Client, keptOn: string[]): Promise<SetAside> {
  const { rows: triggers } = await c.query<{ name: string; table: string; source: string }>(
    `SELECT t.tgname AS name, r.relname AS table, p.prosrc AS source FROM pg_trigger t
     JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE NOT t.tgisinternal AND n.nspname = current_schema()`,
  );
  // Indexes that back no constraint (foreign keys need the primary keys) are built once over the loaded rows.
  const { rows: indexes } = await c.query<{ name: string; table: string; definition: string }>(
    `SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(x.indexrelid) AS definition FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)`,
  );
  // Foreign keys too, as pg_restore does: checked row by row they cost more than the copy, added back they are one join each.
  const { rows: foreignKeys } = await c.query<{ name: string; table: string; definition: string }>(
    `SELECT k.conname AS name, t.relname AS table, pg_get_constraintdef(k.oid) AS definition FROM pg_constraint k
     JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  return { triggers: triggers.filter((t) => !writesInto(t.source, keptOn)), indexes, foreignKeys };
}

/** Rows in COPY text format, a batch at a time, so that COPY's stream is fed as fast as the source reads. */
async function* copyLines(batches: AsyncIterable<unknown[][]>, columns: Column[], onRows: (n: number) => void): AsyncIterable<string> {
  const kinds = columns.map((c) => c.kind);
  for await (const batch of batches) {
    let text = '';
    for (const row of batch) {
      for (let i = 0; i < row.length; i++) text += (i ? '\t' : '') + copyText(row[i], kinds[i]!);
      text += '\n';
    }
    yield text;
    onRows(batch.length);
  }
}

/** Runs each lane's statements in order on its own connection, the lanes side by side. */
const runLanes = (lanes: Array<{ client: pg.Client; statements: string[] }>) =>
  Promise.all(
    lanes.map(async ({ client, statements }) => {
      for (const statement of statements) await client.query(statement);
    }),
  );

/**
 * Loads an empty, migrated PostgreSQL database the way pg_restore does, using both of a small
 * server's cores:
 *
 * 1. rows: in one transaction on `first`, every trigger is switched off, foreign keys and
 *    secondary indexes dropped, and each table emptied (the rows the migrations put in are in
 *    the site too) and filled by COPY … FREEZE;
 * 2. derived: the search rows are computed over two connections, each half the articles, so
 *    that both cores run to_tsvector;
 * 3. put back: the search index (one GIN build, which PostgreSQL 15 cannot share between
 *    workers) is built on one connection while the other builds every other index, adds the
 *    foreign keys back, switches the triggers on, sets the sequences and analyses the tables.
 *
 * Every step commits, so what the copy reports done survives a crash. A failure after the rows
 * are in empties the target again and puts back what was set aside, leaving it ready for
 * another try. Triggers that write into a table that is neither copied nor derived stay on.
 */
export async function loadPostgres(first: pg.Client, second: () => Promise<pg.Client>, plan: LoadPlan, notCopied: string[]): Promise<void> {
  const derived = notCopied.filter((t) => t in DERIVED);
  const copied = plan.tables.map((t) => t.name);
  const phase = async (name: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    plan.onPhase?.(name, (performance.now() - started) / 1000);
  };
  await first.query(`SET maintenance_work_mem = '${BUILD_MEMORY}'`);
  const aside = await setAsideFor(
    first,
    notCopied.filter((t) => !derived.includes(t)),
  );
  await phase('rows', async () => {
    await first.query('BEGIN');
    try {
      for (const t of aside.triggers) await first.query(`ALTER TABLE ${quote(t.table)} DISABLE TRIGGER ${quote(t.name)}`);
      for (const k of aside.foreignKeys) await first.query(`ALTER TABLE ${quote(k.table)} DROP CONSTRAINT ${quote(k.name)}`);
      for (const i of aside.indexes) await first.query(`DROP INDEX ${quote(i.name)}`);
      for (const table of plan.tables) {
        // Emptied in this transaction, so COPY may write its rows frozen: no later pass rewrites every page to mark them visible.
        await first.query(`TRUNCATE ${quote(table.name)}`);
        const columns = table.columns.map((col) => quote(col.name)).join(', ');
        const stream = first.query(copyFrom(`COPY ${quote(table.name)} (${columns}) FROM STDIN WITH (FREEZE)`));
        await pipeline(Readable.from(copyLines(plan.rows(table), table.columns, (n) => plan.onRows(table.name, n))), stream);
      }
      await first.query('COMMIT');
    } catch (error) {
      await first.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });

  let other: pg.Client | undefined;
  try {
    const helper = (other = await second());
    await helper.query(`SET maintenance_work_mem = '${BUILD_MEMORY}'`);
    await phase('search rows', async () => {
      const { rows } = await first.query<{ low: number; middle: number; high: number }>(
        // Halves of the articles the fill computes, so that both connections finish together.
        `SELECT coalesce(min(id), 0) AS low, coalesce(percentile_disc(0.5) WITHIN GROUP (ORDER BY id), 0) AS middle, coalesce(max(id), 0) + 1 AS high
         FROM articles WHERE status = 'published'`,
      );
      const { low, middle, high } = rows[0]!;
      await Promise.all(
        [first, helper].map(async (client, half) => {
          for (const table of derived) await client.query(DERIVED[table]!.fill, half ? [middle, high] : [low, middle]);
        }),
      );
    });
    await phase('indexes, keys and statistics', async () => {
      const onDerived = (table: string) => derived.includes(table);
      await runLanes([
        {
          client: first,
          statements: [
            ...aside.indexes.filter((i) => onDerived(i.table)).map((i) => i.definition),
            ...aside.foreignKeys.filter((k) => onDerived(k.table)).map((k) => `ALTER TABLE ${quote(k.table)} ADD CONSTRAINT ${quote(k.name)} ${k.definition}`),
            ...derived.map((t) => `ANALYZE ${quote(t)}`),
          ],
        },
        {
          client: helper,
          statements: [
            ...aside.indexes.filter((i) => !onDerived(i.table)).map((i) => i.definition),
            ...aside.foreignKeys.filter((k) => !onDerived(k.table)).map((k) => `ALTER TABLE ${quote(k.table)} ADD CONSTRAINT ${quote(k.name)} ${k.definition}`),
            ...aside.triggers.map((t) => `ALTER TABLE ${quote(t.table)} ENABLE TRIGGER ${quote(t.name)}`),
            // Fresh statistics for the planner: without them the first pages plan as if the tables were empty.
            ...copied.map((t) => `ANALYZE ${quote(t)}`),
          ],
        },
      ]);
      await setSequences(helper);
    });
    for (const table of derived) {
      const expected = (await first.query<{ n: number }>(DERIVED[table]!.expected)).rows[0]!.n;
      const held = (await first.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table)}`)).rows[0]!.n;
      if (held !== expected) throw new VerificationError(`The copy's ${table} holds ${held} rows where the site's articles make ${expected}`);
    }
  } catch (error) {
    await emptyAgain(first, [...copied, ...derived], aside).catch(() => {});
    throw error;
  } finally {
    await other?.end();
  }
}

/** Takes a half-done load back out: the tables emptied, and every index, key and trigger it set aside put back. */
async function emptyAgain(c: pg.Client, tables: string[], aside: SetAside): Promise<void> {
  await c.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
  for (const i of aside.indexes) await c.query(i.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  const { rows } = await c.query<{ name: string }>(`SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`);
  const present = new Set(rows.map((r) => r.name));
  for (const k of aside.foreignKeys.filter((k) => !present.has(k.name))) await c.query(`ALTER TABLE ${quote(k.table)} ADD CONSTRAINT ${quote(k.name)} ${k.definition}`);
  for (const t of aside.triggers) await c.query(`ALTER TABLE ${quote(t.table)} ENABLE TRIGGER ${quote(t.name)}`);
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
