import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.js';

/**
 * A database of its own on the PostgreSQL server at `serverUrl` (TEST_POSTGRES_URL), for one
 * bench run: its address, and `drop()` for afterwards, which ends any connection still open.
 */
export async function benchPostgresDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `broadsheet_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The server's memory settings, for a bench's report: its PostgreSQL figures depend on them. */
export async function memorySettings(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ buffers: string; work: string }>`SELECT current_setting('shared_buffers') AS buffers, current_setting('work_mem') AS work`.execute(db);
  return `shared_buffers ${rows[0]!.buffers}, work_mem ${rows[0]!.work} (docs/deploy.md gives 1GB and 16MB; scripts/with-postgres.sh sets them)`;
}
