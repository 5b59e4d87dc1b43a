import pg from 'pg';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { postgresUrl } from '../../test/support/databases.js';
import { openDatabase } from './connection.js';

it.skipIf(!postgresUrl)('a PostgreSQL connection the server drops is reported and replaced, not fatal', async () => {
  const lost: Error[] = [];
  const database = openDatabase({ databaseUrl: postgresUrl, dataDir: '', poolSize: 1, onConnectionLost: (e) => lost.push(e) });
  try {
    const pidOf = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(database.db)).rows[0]!.pid;
    const first = await pidOf();

    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [first]);
    await admin.end();
    await expect.poll(() => lost.length).toBe(1);

    expect(lost[0]!.message).toMatch(/terminating connection/);
    expect(await pidOf()).not.toBe(first);
  } finally {
    await database.close();
  }
});
