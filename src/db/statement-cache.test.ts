import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

interface TestDB {
  notes: { id: number; text: string };
}

describe('withStatementCache', () => {
  let dir: string;
  let db: Kysely<TestDB>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'broadsheet-statements-'));
    db = new Kysely<TestDB>({ dialect: new SqliteDialect({ database: withStatementCache(new SQLite(join(dir, 'test.sqlite')), 2) }) });
    await sql`create table notes (id integer primary key, text text not null)`.execute(db);
    await db.insertInto('notes').values([1, 2, 3].map((id) => ({ id, text: `note ${id}` }))).execute();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const textOf = async (id: number) => (await db.selectFrom('notes').select('text').where('id', '=', id).executeTakeFirst())?.text;

  it('answers a repeated query with each call’s own parameters and sees writes made in between', async () => {
    expect(await textOf(1)).toBe('note 1');
    expect(await textOf(2)).toBe('note 2');
    await db.updateTable('notes').set({ text: 'changed' }).where('id', '=', 2).execute();
    expect(await textOf(2)).toBe('changed');
  });

  it('keeps answering correctly once more distinct queries have run than it keeps', async () => {
    for (let round = 0; round < 3; round++) {
      expect(await db.selectFrom('notes').select('id').orderBy('id').execute()).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      expect(await db.selectFrom('notes').select('text').where('id', 'in', [1, 3]).orderBy('id').execute()).toEqual([{ text: 'note 1' }, { text: 'note 3' }]);
      expect(await textOf(3)).toBe('note 3');
    }
  });

  it('streams a query it has already answered, twice over', async () => {
    const query = db.selectFrom('notes').select('id').orderBy('id');
    expect((await query.execute()).length).toBe(3);
    for (let round = 0; round < 2; round++) {
      const ids: number[] = [];
      for await (const row of query.stream()) ids.push(row.id);
      expect(ids).toEqual([1, 2, 3]);
    }
  });
});
