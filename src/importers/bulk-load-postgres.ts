import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The tables an import fills, the first of which must be empty for a bulk load. */
const TABLES = ['articles', 'article_authors', 'article_topics', 'article_revisions', 'article_search'];

interface SetAside {
  indexes: Array<{ name: string; definition: string }>;
  foreignKeys: Array<{ table: string; name: string; definition: string; referenced: string }>;
}

/** Indexes and foreign keys set aside for a bulk load; `restore` puts them back before the transaction commits. */
export interface BulkLoad {
  restore(): Promise<void>;
}

/**
 * PostgreSQL's advice for populating a database, for an import into a site with no articles
 * yet: inside the import's transaction, the article tables' indexes that are not unique and
 * their foreign keys are dropped, and `restore` builds the indexes again from their own
 * definitions (a sort each, the b-trees on the server's parallel workers) and checks each
 * foreign key with one join, before the transaction commits. Per article, the b-trees and the
 * checks were nearly half of the writing connection's time. Filling the three GIN indexes
 * (headline trigrams, search documents, word pairs) one insert at a time, through their pending
 * lists, cost it 4.2 s per 100,000 articles; building them at the end takes 2.2 s. Unique indexes stay:
 * the upserts and the URL rule stand on them. Readers wait for the import meanwhile (the
 * tables are locked until it commits), which only an empty site can afford; a failure rolls
 * the drops back with everything else. Returns undefined, changing nothing, when the site has
 * articles.
 */
export async function setIndexesAsideWhenEmpty(trx: Kysely<DB>): Promise<BulkLoad | undefined> {
  if (!(await isEmpty(trx))) return undefined;
  const aside = await definitions(trx);
  // Every lock the drops take, in one statement: the tables referred to lose their key triggers too.
  const locked = [...new Set([...TABLES, ...aside.foreignKeys.map((fk) => fk.referenced)])];
  await sql`LOCK TABLE ${sql.join(locked.map((t) => sql.table(t)))} IN ACCESS EXCLUSIVE MODE`.execute(trx);
  // An article written between the look and the lock: the import goes the usual way (still holding the locks).
  if (!(await isEmpty(trx))) return undefined;

  for (const fk of aside.foreignKeys) await sql`ALTER TABLE ${sql.table(fk.table)} DROP CONSTRAINT ${sql.id(fk.name)}`.execute(trx);
  for (const index of aside.indexes) await sql`DROP INDEX ${sql.id(index.name)}`.execute(trx);
  return {
    async restore() {
      for (const index of aside.indexes) await sql.raw(index.definition).execute(trx);
      for (const fk of aside.foreignKeys) await sql`ALTER TABLE ${sql.table(fk.table)} ADD CONSTRAINT ${sql.id(fk.name)} ${sql.raw(fk.definition)}`.execute(trx);
    },
  };
}

async function isEmpty(trx: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ empty: boolean }>`SELECT NOT EXISTS (SELECT 1 FROM articles) AS empty`.execute(trx);
  return rows[0]!.empty;
}

/** The definitions PostgreSQL itself gives for what is set aside, so that the same ones come back. */
async function definitions(trx: Kysely<DB>): Promise<SetAside> {
  const indexes = await sql<{ name: string; definition: string }>`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
    FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = ANY(${TABLES}::text[]) AND t.relnamespace = to_regnamespace(current_schema())
      AND NOT x.indisunique AND NOT x.indisprimary
    ORDER BY i.relname`.execute(trx);
  const foreignKeys = await sql<SetAside['foreignKeys'][number]>`
    SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, r.relname AS referenced
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    WHERE c.contype = 'f' AND t.relname = ANY(${TABLES}::text[]) AND t.relnamespace = to_regnamespace(current_schema())
    ORDER BY t.relname, c.conname`.execute(trx);
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}
