import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Database } from './connection.js';
import type { DialectAdapter } from './dialect.js';
import { migrations } from './migrations.js';

/** A migration that may need the dialect's few differences (the id column type). */
export interface BroadsheetMigration {
  // Typed loosely on purpose: a migration sees the schema as it was then, not today's DB type.
  up(db: Kysely<any>, dialect: DialectAdapter): Promise<void>;
}

/** Brings the schema to the latest version; safe to call on every start. */
export async function migrateToLatest({ db, dialect }: Database): Promise<string[]> {
  const migrator = new Migrator({
    db,
    // Numbers are handed out per feature as work starts, so a database may have run a later one before an earlier one landed.
    allowUnorderedMigrations: true,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(
          Object.entries(migrations).map(([name, m]): [string, Migration] => [name, { up: (conn) => m.up(conn, dialect) }]),
        ),
    },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
