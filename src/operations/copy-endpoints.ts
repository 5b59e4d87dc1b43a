import type { Column } from './column-values.js';

/** A table as the copy sees it: its columns and the tables its foreign keys point at. */
export interface TableShape {
  name: string;
  columns: Column[];
  references: string[];
}

/** Tables that record the migrations themselves: the target's own migrator fills them. */
export const isBookkeeping = (table: string) => table.startsWith('kysely_') || table.startsWith('sqlite_');

/**
 * A site database rows are read from. `open()` starts one read snapshot: every count and
 * row read afterwards is from the same moment, even while the site keeps serving.
 */
export interface CopySource {
  readonly dialect: 'sqlite' | 'postgres';
  open(): Promise<void>;
  /** The migrations the source has run. */
  migrations(): Promise<string[]>;
  /** Plain tables holding rows (no search indexes, no bookkeeping). */
  tableNames(): Promise<string[]>;
  count(table: string): Promise<number>;
  batches(table: string, columns: string[], size: number): AsyncIterable<unknown[][]>;
  close(): Promise<void>;
}

/** What to load into a target, in insert order. */
export interface LoadPlan {
  tables: TableShape[];
  rows(table: TableShape): AsyncIterable<unknown[][]>;
  onRows(table: string, rows: number): void;
  /** Called as each step of the load ends ('rows', then the target's own steps), with its seconds. */
  onPhase?(phase: string, seconds: number): void;
}

/** An empty site database rows are written to. */
export interface CopyTarget {
  readonly dialect: 'sqlite' | 'postgres';
  /** Tables that already hold rows, so that a copy never writes over a site. */
  occupiedTables(): Promise<Array<{ table: string; rows: number }>>;
  /** Runs every migration; returns the names of the migrations the target has run. */
  migrate(): Promise<string[]>;
  /** Plain tables with their columns and references (no search indexes, no bookkeeping). */
  tables(): Promise<TableShape[]>;
  /**
   * Writes every table. Triggers that keep a copied table in step are set aside meanwhile
   * (that table arrives as it was), and secondary indexes are built once at the end; the
   * search index, which each database keeps its own way, is built by the target from the
   * copied articles. Sequences are set past the copied ids.
   */
  load(plan: LoadPlan): Promise<void>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** Whether a trigger's SQL writes into one of `tables`. */
export function writesInto(triggerSql: string, tables: string[]): boolean {
  return tables.some((table) => new RegExp(`\\binsert\\s+(?:or\\s+\\w+\\s+)?into\\s+"?${table}"?[\\s(]`, 'i').test(triggerSql));
}
