import { ConflictError, VerificationError } from '../errors.js';
import type { CopySource, CopyTarget } from './copy-endpoints.js';
import { insertOrder } from './table-order.js';

/** Rows per read from the source and per write to the target. */
const BATCH_ROWS = 2_000;

export interface CopyProgress {
  /** Called once before the first row, with every table's row count. */
  onStart?(tables: Array<{ name: string; rows: number }>): void;
  onRows?(table: string, rows: number): void;
  /** Called as each step of the target's load ends, with its seconds. */
  onPhase?(phase: string, seconds: number): void;
}

export interface CopyReport {
  /** Every copied table with its row count, equal on both sides. */
  tables: Array<{ name: string; rows: number }>;
  seconds: number;
}

/** "articles (12 rows), topics (3 rows)": the articles first, then the fullest tables. */
const listTables = (tables: Array<{ table: string; rows: number }>) =>
  [...tables]
    .sort((a, b) => Number(b.table === 'articles') - Number(a.table === 'articles') || b.rows - a.rows)
    .slice(0, 5)
    .map((t) => `${t.table} (${t.rows.toLocaleString('en-GB')} row${t.rows === 1 ? '' : 's'})`)
    .join(', ') + (tables.length > 5 ? ` and ${tables.length - 5} more` : '');

/**
 * Copies a whole site from one database into an empty other: refuses a target holding any
 * rows, runs the migrations there, copies every table both databases hold as plain tables (so
 * the list follows the schema; the search indexes, which each database keeps its own way, are
 * built by the target from the copied articles), in foreign-key order, from one snapshot of the
 * source, and then counts every table on both sides.
 *
 * Closes both when done.
 *
 * @example await copyDatabase(sqliteSource(file), postgresTarget(url))
 */
export async function copyDatabase(source: CopySource, target: CopyTarget, progress: CopyProgress = {}): Promise<CopyReport> {
  try {
    return await copy(source, target, progress);
  } finally {
    await source.close();
    await target.close();
  }
}

async function copy(source: CopySource, target: CopyTarget, progress: CopyProgress): Promise<CopyReport> {
  const started = performance.now();
  const occupied = await target.occupiedTables();
  if (occupied.length) {
    throw new ConflictError(`The target database is not empty: ${listTables(occupied)}. db copy only fills an empty database; create a new one and copy into that`);
  }
  await source.open();
  const sourceMigrations = await source.migrations();
  const targetMigrations = await target.migrate();
  const unknown = sourceMigrations.filter((m) => !targetMigrations.includes(m));
  if (unknown.length) throw new ConflictError(`The site has run migrations this version does not know (${unknown.join(', ')}): copy it with the version that ran them`);
  const missing = targetMigrations.filter((m) => !sourceMigrations.includes(m));
  if (missing.length) throw new ConflictError(`The site has not run migrations ${missing.join(', ')}: run broadsheet migrate on it first`);

  const sourceTables = new Set(await source.tableNames());
  const shapes = (await target.tables()).filter((t) => sourceTables.has(t.name));
  const order = insertOrder(shapes.map((t) => ({ name: t.name, references: t.references })));
  const tables = order.map((name) => shapes.find((t) => t.name === name)!);
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t.name, await source.count(t.name));
  progress.onStart?.(tables.map((t) => ({ name: t.name, rows: counts.get(t.name)! })));

  await target.load({
    tables,
    rows: (table) => source.batches(table.name, table.columns.map((c) => c.name), BATCH_ROWS),
    onRows: (table, rows) => progress.onRows?.(table, rows),
    onPhase: (phase, seconds) => progress.onPhase?.(phase, seconds),
  });

  const differences: string[] = [];
  for (const t of tables) {
    const copied = await target.count(t.name);
    if (copied !== counts.get(t.name)) differences.push(`${t.name}: ${counts.get(t.name)} in the site, ${copied} in the copy`);
  }
  if (differences.length) throw new VerificationError(`The copy does not hold what the site holds: ${differences.join('; ')}`);
  return { tables: tables.map((t) => ({ name: t.name, rows: counts.get(t.name)! })), seconds: (performance.now() - started) / 1000 };
}
