import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices, type Services } from '../../src/services.js';

/** The PostgreSQL server tests may create databases on; .ci/run starts one and sets this. */
export const postgresUrl = process.env.TEST_POSTGRES_URL ?? '';

export interface TestDatabase {
  database: Database;
  services: Services;
  /** The SQLite file's folder (a fresh temp dir), also used as DATA_DIR. */
  dataDir: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** What a test database starts with: every migration (the default), or none, for a test of one migration. */
export interface TestDatabaseOptions {
  migrate?: boolean;
}

/** A fresh, migrated SQLite file in a temp dir. */
export async function createSqliteDatabase({ migrate = true }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
  const database = openDatabase({ databaseUrl: '', dataDir });
  if (migrate) await migrateToLatest(database);
  return {
    database,
    services: createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir }),
    dataDir,
    databaseUrl: '',
    close: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh, migrated PostgreSQL database on the test server, dropped on close. */
export async function createPostgresDatabase({ migrate = true }: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `broadsheet_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
  const database = openDatabase({ databaseUrl: url.toString(), dataDir, poolSize: 4 });
  if (migrate) await migrateToLatest(database);
  return {
    database,
    services: createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir }),
    dataDir,
    databaseUrl: url.toString(),
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: postgresUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const databaseKinds = [
  { name: 'sqlite', create: createSqliteDatabase, available: true },
  { name: 'postgres', create: createPostgresDatabase, available: postgresUrl !== '' },
] as const;

let warned = false;

/**
 * Runs one suite against every database (as Hono runs one router suite against every
 * router). `fixture()` returns the current database inside tests. Without
 * TEST_POSTGRES_URL the PostgreSQL run is skipped, and says so once.
 *
 * @example describeEachDatabase('articles', (fixture) => { it('…', async () => { fixture().services … }) })
 */
export function describeEachDatabase(title: string, suite: (fixture: () => TestDatabase) => void): void {
  for (const kind of databaseKinds) {
    if (!kind.available && !warned) {
      warned = true;
      console.warn('PostgreSQL tests SKIPPED: set TEST_POSTGRES_URL (bash .ci/run does) to run the suites on PostgreSQL too.');
    }
    describe.skipIf(!kind.available)(`${title} [${kind.name}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await kind.create();
      });
      afterAll(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('database not ready');
        return current;
      });
    });
  }
}
