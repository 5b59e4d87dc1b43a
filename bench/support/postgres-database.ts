import pg from 'pg';

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
