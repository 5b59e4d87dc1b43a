import { sql, type Compilable, type Kysely, type RawBuilder } from 'kysely';
import { int4Array, textArray } from './binary-arrays.js';
import type { DB } from './schema.js';

/** Rows per multi-row statement: 21 article columns × 500 stays under both databases' parameter limits. */
export const BATCH = 500;

export function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A multi-row statement's text for each number of rows, built by Kysely the first time and
 * then only bound: `CompiledQuery.raw(texts(rows), values)`, with the rows' values one row
 * after another in the order `build` names the columns. Building a 500-row VALUES list
 * each time cost the writing thread more than the database's planning of it.
 *
 * @example const insertOf = statementTexts((rows) => db.insertInto('t').values(Array.from({ length: rows }, () => ({ a: 0, b: 0 }))));
 */
export function statementTexts(build: (rows: number) => Compilable): (rows: number) => string {
  const texts = new Map<number, string>();
  return (rows) => {
    let text = texts.get(rows);
    if (text === undefined) texts.set(rows, (text = build(rows).compile().sql));
    return text;
  };
}

/** How PostgreSQL reads a column bound as one array. */
export type ArrayColumnType = 'int' | 'text';

/**
 * Rows as one array parameter per column, read back as rows by unnest (dialects with
 * `arrayParameters`): a batch is then a few parameters in a statement of the same text
 * whatever its size, which PostgreSQL parses and plans once, instead of thousands of
 * values that the query builder compiles and the server binds one by one. The arrays go in
 * binary form (binary-arrays.ts), which the client need not write out as text nor the server
 * parse. `columns` come out in the order given, each as the type named.
 *
 * @example db.insertInto('article_authors').columns(source.columns).expression(source.rows)
 */
export function arrayRows<C extends string>(columns: Record<C, ArrayColumnType>, rows: Array<Record<C, unknown>>): { columns: C[]; rows: RawBuilder<unknown> } {
  const names = Object.keys(columns) as C[];
  const arrays = names.map((c) => {
    const values = rows.map((r) => r[c]);
    return sql`${columns[c] === 'int' ? int4Array(values as Array<number | null>) : textArray(values as Array<string | null>)}::${sql.raw(columns[c])}[]`;
  });
  return { columns: names, rows: sql`SELECT * FROM unnest(${sql.join(arrays)})` };
}

/**
 * Adds the rows whose slug is free, keeping rows that exist (or that another process added
 * meanwhile) as they are, and answers slug → id for every row asked for. A few statements per
 * 500 rows, for imports of whole newsrooms.
 */
export async function insertMissingBySlug<T extends 'sections' | 'authors' | 'topics'>(db: Kysely<DB>, table: T, rows: Array<{ slug: string } & Record<string, unknown>>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const batch of chunks(rows)) {
    await db
      .insertInto(table as 'topics')
      .values(batch as never)
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const found = await db
      .selectFrom(table as 'topics')
      .select(['id', 'slug'])
      .where(
        'slug',
        'in',
        batch.map((r) => r.slug),
      )
      .execute();
    for (const f of found) ids.set(f.slug, f.id);
  }
  return ids;
}
