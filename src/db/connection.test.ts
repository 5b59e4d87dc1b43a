import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { postgresUrl } from '../../test/support/databases.js';
import { generateArchive } from '../demo/archive.js';
import { loadDemo } from '../demo/load.js';
import { openDatabase, waitForPostgres } from './connection.js';
import { migrateToLatest } from './migrator.js';

it("a SQLite transaction holds the write lock from its start, so another connection's write cannot slip in between its read and its write", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-immediate-'));
  const site = openDatabase({ databaseUrl: '', dataDir: dir });
  const other = new SQLite(join(dir, 'broadsheet.sqlite'));
  // No waiting: the other connection's write answers at once whether the lock is free.
  other.pragma('busy_timeout = 0');
  try {
    await sql`create table counter (n integer)`.execute(site.db);
    await site.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ n: number }>`select count(*) as n from counter`.execute(trx);
      expect(() => other.prepare('insert into counter values (1)').run()).toThrow(/database is locked/);
      await sql`insert into counter values (${rows[0]!.n + 2})`.execute(trx);
    });
    other.prepare('insert into counter values (1)').run();
    expect(other.prepare('select n from counter order by rowid').pluck().all()).toEqual([2, 1]);
  } finally {
    other.close();
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

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

it.skipIf(!postgresUrl)('a PostgreSQL that refuses the login is reported at once, naming DATABASE_URL, without retrying', async () => {
  const url = new URL(postgresUrl);
  url.pathname = '/broadsheet_no_such_database';
  const retries: string[] = [];
  await expect(waitForPostgres(url.href, { timeoutSeconds: 30, onRetry: (m) => retries.push(m) })).rejects.toThrow(
    /^DATABASE_URL: PostgreSQL at .+ refused the connection \(database "broadsheet_no_such_database" does not exist\)$/,
  );
  expect(retries).toEqual([]);
  await waitForPostgres(postgresUrl, { timeoutSeconds: 1 });
});

it('refreshes SQLite statistics, so that articles asked for by id are read by id rather than by status', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-stats-'));
  const database = openDatabase({ databaseUrl: '', dataDir });
  try {
    await migrateToLatest(database);
    await loadDemo(database.db, 'Europe/London');
    await generateArchive(database.db, { count: 500, timeZone: 'Europe/London' });
    const ids = Array.from({ length: 21 }, (_, i) => i + 1);
    const plan = async () =>
      (await sql<{ detail: string }>`explain query plan select * from articles where status in ('published') and id in (${sql.join(ids)})`.execute(database.db)).rows
        .map((r) => r.detail)
        .join('; ');
    // Without statistics SQLite guesses from the indexes alone (once a lookup on status, now a
    // wider index); with them it goes straight to the rows by primary key.
    const byRowid = 'SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)';
    expect(await plan()).not.toBe(byRowid);
    await database.refreshStatistics();
    expect(await plan()).toBe(byRowid);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it.skipIf(!postgresUrl)('plans PostgreSQL statements without parallel workers, whose start costs a short statement more than they save', async () => {
  const database = openDatabase({ databaseUrl: postgresUrl, dataDir: '' });
  try {
    const { rows } = await sql<{ workers: string }>`SELECT current_setting('max_parallel_workers_per_gather') AS workers`.execute(database.db);
    expect(rows[0]!.workers).toBe('0');
  } finally {
    await database.close();
  }
});
