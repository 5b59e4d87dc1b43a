import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/connection.js';
import { migrateToLatest } from '../db/migrator.js';
import { DatabaseMessageQueue } from './message-queue.js';

describe('the fediverse queue on SQLite (one listener)', () => {
  let dataDir: string;
  let database: Database;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-queue-'));
    database = openDatabase({ databaseUrl: '', dataDir });
    await migrateToLatest(database);
  });
  afterEach(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Listens until `until` holds, handing each message to `handler`. */
  async function listen(queue: DatabaseMessageQueue, handler: (message: any) => Promise<void>, until: () => boolean) {
    const controller = new AbortController();
    const listening = queue.listen(handler, { signal: controller.signal });
    for (const started = Date.now(); !until() && Date.now() - started < 10_000; ) await sleep(10);
    controller.abort();
    await listening;
  }

  it('claims without taking the write lock, so messages flow while another writer holds it', async () => {
    const queue = new DatabaseMessageQueue(database.db, { takenBy: 'one listener', pollMs: 20 });
    await queue.enqueueMany([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Another connection (the server's publish, say) holds the write lock throughout.
    const writer = new SQLite(join(dataDir, 'broadsheet.sqlite'));
    // Not the 5 s of a server: the deletes of handled messages wait for the lock in this very thread.
    await sql`pragma busy_timeout = 100`.execute(database.db);
    writer.exec('begin immediate');
    const handled: number[] = [];
    const started = performance.now();
    let allIn = Infinity;
    try {
      await listen(
        queue,
        async (message) => {
          if (handled.push(message.n) === 3) allIn = performance.now() - started;
        },
        () => handled.length === 3,
      );
    } finally {
      writer.exec('rollback');
      writer.close();
    }
    expect(handled.sort()).toEqual([1, 2, 3]);
    // A claim that wrote would have waited out the 5 s busy timeout first.
    expect(allIn).toBeLessThan(2_000);
  });

  it('hands each message to the listener once, deletes it, and keeps a failed one for later', async () => {
    const queue = new DatabaseMessageQueue(database.db, { takenBy: 'one listener', concurrency: 8, retryMs: 60_000 });
    await queue.enqueueMany(Array.from({ length: 200 }, (_, n) => ({ n })));
    const seen = new Map<number, number>();
    await listen(
      queue,
      async (message) => {
        seen.set(message.n, (seen.get(message.n) ?? 0) + 1);
        await sleep(message.n % 5);
        if (message.n === 7) throw new Error('the inbox answered 500');
      },
      () => seen.size === 200,
    );
    expect(seen.size).toBe(200);
    expect([...seen.values()].every((times) => times === 1)).toBe(true);
    const left = await database.db.selectFrom('fediverse_queue').select(['message', 'available_at']).execute();
    expect(left.map((r) => JSON.parse(r.message))).toEqual([{ n: 7 }]);
    expect(Date.parse(left[0]!.available_at)).toBeGreaterThan(Date.now() + 50_000);
  });

  it('finds the messages a stopped listener had in hand when it starts again', async () => {
    await new DatabaseMessageQueue(database.db, { takenBy: 'one listener' }).enqueue({ n: 1 });
    const first = new DatabaseMessageQueue(database.db, { takenBy: 'one listener' });
    let held = false;
    // The first listener stops (as in a crash) with the message in hand and never finishes it.
    const crash = new AbortController();
    void first.listen(() => ((held = true), new Promise<void>(() => {})), { signal: crash.signal });
    await expect.poll(() => held).toBe(true);
    crash.abort();
    const again = new DatabaseMessageQueue(database.db, { takenBy: 'one listener' });
    const handled: unknown[] = [];
    await listen(again, async (message) => void handled.push(message), () => handled.length === 1);
    expect(handled).toEqual([{ n: 1 }]);
  });
});
