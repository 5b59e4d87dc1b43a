import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection.js';

/**
 * A second thread with a connection of its own that takes its turns by the server's, as the
 * delivery thread does. It has no busy timeout: a write that met the server's lock would fail
 * at once, so a write that succeeds waited for its turn.
 */
function backgroundThread(dataDir: string, writeTurns: SharedArrayBuffer): Worker {
  const connection = new URL('./connection.ts', import.meta.url).href;
  const script = `
    const { parentPort, workerData } = require('node:worker_threads');
    import('tsx/esm/api').then(async ({ tsImport }) => {
      const { openDatabase } = await tsImport(${JSON.stringify(connection)}, ${JSON.stringify(import.meta.url)});
      const { sql } = await import('kysely');
      const { db } = openDatabase({ databaseUrl: '', dataDir: workerData.dataDir, writeTurns: workerData.writeTurns });
      await sql\`pragma busy_timeout = 0\`.execute(db);
      parentPort.on('message', async (what) => {
        try {
          if (what === 'read') parentPort.postMessage((await sql\`select count(*) as n from notes\`.execute(db)).rows[0].n);
          else {
            await sql\`insert into notes (who) values ('thread')\`.execute(db);
            parentPort.postMessage('written');
          }
        } catch (error) {
          parentPort.postMessage('failed: ' + error.message);
        }
      });
      parentPort.postMessage('ready');
    });`;
  return new Worker(script, { eval: true, workerData: { dataDir, writeTurns } });
}

describe('write turns between the threads of one process (SQLite)', () => {
  let dir: string;
  let database: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broadsheet-write-turns-'));
    database = openDatabase({ databaseUrl: '', dataDir: dir });
    await sql`create table notes (id integer primary key, who text not null, body text)`.execute(database.db);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets another thread read during the server’s transaction, and makes its write wait for the commit instead of failing', async () => {
    const thread = backgroundThread(dir, database.writeTurns!);
    const answer = () => once(thread, 'message').then(([message]) => message as unknown);
    try {
      expect(await answer()).toBe('ready');
      let written: Promise<unknown> | undefined;
      await database.db.transaction().execute(async (trx) => {
        await sql`insert into notes (who) values ('server')`.execute(trx);
        thread.postMessage('read');
        // The committed state: the read did not wait for the transaction to end.
        expect(await answer()).toBe(0);
        thread.postMessage('write');
        written = answer();
        await sleep(100);
        await sql`insert into notes (who) values ('server again')`.execute(trx);
      });
      expect(await written).toBe('written');
      const rows = await sql<{ who: string }>`select who from notes order by id`.execute(database.db);
      expect(rows.rows.map((r) => r.who)).toEqual(['server', 'server again', 'thread']);
    } finally {
      await thread.terminate();
    }
  });

  it('leaves the log’s checkpoints to the other thread’s connection once told to', async () => {
    const file = join(dir, 'broadsheet.sqlite');
    const checkpointHere = database.checkpointElsewhere();
    const body = 'x'.repeat(4000);
    // About 8 MB: twice the log SQLite would otherwise copy into the file at the commit past it.
    for (let i = 0; i < 20; i++) await database.db.insertInto('notes' as never).values(Array.from({ length: 100 }, () => ({ who: 'server', body })) as never).execute();
    expect(statSync(file).size).toBeLessThan(1_000_000);

    const background = openDatabase({ databaseUrl: '', dataDir: dir, writeTurns: database.writeTurns });
    try {
      await expect.poll(() => statSync(file).size, { timeout: 2000 }).toBeGreaterThan(8_000_000);
    } finally {
      await background.close();
      checkpointHere();
    }
    expect((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db)).rows[0]!.wal_autocheckpoint).toBe(1000);
  });
});
