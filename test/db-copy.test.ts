import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.js';
import { ConflictError } from '../src/errors.js';
import { copyDatabase, type CopyReport } from '../src/operations/database-copy.js';
import { postgresSource, postgresTarget } from '../src/operations/postgres-copy.js';
import { sqliteSource, sqliteTarget } from '../src/operations/sqlite-copy.js';
import { createServices, type Services } from '../src/services.js';
import { runCli } from './support/cli.js';
import { createPostgresDatabase, createSqliteDatabase, postgresUrl, type TestDatabase } from './support/databases.js';
import { publishedArticle, seedSite } from './support/fixtures.js';

/** Tables a site of every kind of content fills; each must arrive with all its rows. */
/** Each CLI run starts a command from the TypeScript sources: seconds apiece on a busy machine. */
const CLI_TIMEOUT = 180_000;

const FILLED = ['articles', 'article_topics', 'article_authors', 'topics', 'sections', 'print_issues', 'newsletters', 'subscribers', 'subscriptions', 'media', 'media_uses', 'article_corrections', 'archive_months', 'membership_tiers', 'memberships', 'member_payments'];

const countOf = async (database: Database, table: string) =>
  Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);

async function expectSameRows(from: Database, to: Database, report: CopyReport): Promise<void> {
  const names = report.tables.map((t) => t.name);
  for (const table of FILLED) expect(names).toContain(table);
  for (const { name, rows } of report.tables) {
    expect({ name, rows: await countOf(from, name) }).toEqual({ name, rows });
    expect({ name, rows: await countOf(to, name) }).toEqual({ name, rows });
  }
  for (const table of FILLED) expect(report.tables.find((t) => t.name === table)!.rows, table).toBeGreaterThan(0);
}

async function expectWorkingSite(services: Services, copiedIds: number[]): Promise<void> {
  const found = await services.search.search({ q: 'harbour cranes' });
  expect(found.hits.map((r) => r.headline)).toContain('Harbour cranes fall silent as the dock strike begins');
  expect((await services.search.search({ q: '"dock strike"' })).hits.map((r) => r.headline)).toContain('Harbour cranes fall silent as the dock strike begins');
  const fresh = await publishedArticle(services, { headline: 'Written after the move' });
  expect(fresh.id).toBeGreaterThan(Math.max(...copiedIds));
  expect((await services.search.search({ q: 'written after the move' })).hits.map((r) => r.id)).toContain(fresh.id);
}

const articleIds = async (database: Database) => (await database.db.selectFrom('articles').select('id').execute()).map((r) => r.id);

describe.skipIf(!postgresUrl)('db copy from SQLite to PostgreSQL', () => {
  let site: TestDatabase;
  let target: TestDatabase;
  let report: CopyReport;

  beforeAll(async () => {
    site = await createSqliteDatabase();
    await seedSite(site.services);
    target = await createPostgresDatabase({ migrate: false });
    report = await copyDatabase(sqliteSource(join(site.dataDir, 'broadsheet.sqlite')), postgresTarget(target.databaseUrl));
  });
  afterAll(async () => {
    await target?.close();
    await site?.close();
  });

  it('copies every table with every row', async () => {
    await expectSameRows(site.database, target.database, report);
  });

  it('leaves a working site: search finds the copied articles, and a new article gets a fresh id', async () => {
    const services = createServices(target.database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir: target.dataDir });
    await expectWorkingSite(services, await articleIds(site.database));
  });

  it('fills the search table with exactly the rows the search trigger writes, and switches every trigger back on', async () => {
    const documents = async () =>
      (await sql<{ id: number; document: string }>`SELECT article_id AS id, document::text AS document FROM article_search ORDER BY article_id`.execute(target.database.db)).rows;
    const copied = await documents();
    const published = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM articles WHERE status = 'published'`.execute(target.database.db)).rows[0]!.n);
    expect(copied).toHaveLength(published);
    // The row trigger rewrites every published article's document when its status is set.
    await sql`UPDATE articles SET status = status`.execute(target.database.db);
    expect(await documents()).toEqual(copied);
    const disabled = await sql<{ name: string }>`SELECT tgname AS name FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`.execute(target.database.db);
    expect(disabled.rows).toEqual([]);
  });

  it('refuses a target that is not empty, naming what it holds', async () => {
    const again = copyDatabase(sqliteSource(join(site.dataDir, 'broadsheet.sqlite')), postgresTarget(target.databaseUrl));
    await expect(again).rejects.toThrow(ConflictError);
    await expect(again).rejects.toThrow(/target database is not empty: .*articles \(\d+ rows\)/);
  });
});

describe.skipIf(!postgresUrl)('db copy that fails once the rows are in', () => {
  let site: TestDatabase;
  let target: TestDatabase;
  let reference: TestDatabase;

  beforeAll(async () => {
    site = await createSqliteDatabase();
    await seedSite(site.services);
    target = await createPostgresDatabase({ migrate: false });
    reference = await createPostgresDatabase();
  });
  afterAll(async () => {
    await target?.close();
    await reference?.close();
    await site?.close();
  });

  const schemaOf = async (database: Database) =>
    (
      await sql<{ kind: string; name: string }>`SELECT 'index' AS kind, indexname::text AS name FROM pg_indexes WHERE schemaname = current_schema()
        UNION ALL SELECT 'key', conname::text FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
        UNION ALL SELECT 'trigger ' || tgenabled::text, tgname::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2`.execute(database.db)
    ).rows;

  it('empties the target again with every index, key and trigger back, ready for another try', async () => {
    // A topic row naming an article the site does not hold (SQLite keeps foreign keys only when asked): its key cannot be added back.
    await sql`PRAGMA foreign_keys = OFF`.execute(site.database.db);
    const topic = (await sql<{ id: number }>`SELECT id FROM topics LIMIT 1`.execute(site.database.db)).rows[0]!.id;
    await sql`INSERT INTO article_topics (article_id, topic_id, position, suggested) VALUES (999999, ${topic}, 0, 0)`.execute(site.database.db);
    const file = join(site.dataDir, 'broadsheet.sqlite');
    await expect(copyDatabase(sqliteSource(file), postgresTarget(target.databaseUrl))).rejects.toThrow(/foreign key/);
    expect(await countOf(target.database, 'articles')).toBe(0);
    expect(await countOf(target.database, 'article_search')).toBe(0);
    expect(await schemaOf(target.database)).toEqual(await schemaOf(reference.database));

    await sql`DELETE FROM article_topics WHERE article_id = 999999`.execute(site.database.db);
    const report = await copyDatabase(sqliteSource(file), postgresTarget(target.databaseUrl));
    expect(report.tables.find((t) => t.name === 'articles')!.rows).toBe(await countOf(site.database, 'articles'));
  });
});

describe.skipIf(!postgresUrl)('db copy from PostgreSQL to a SQLite file (a laptop copy)', () => {
  let site: TestDatabase;
  let folder: string;
  let copy: Database;
  let report: CopyReport;

  beforeAll(async () => {
    site = await createPostgresDatabase();
    await seedSite(site.services);
    folder = mkdtempSync(join(tmpdir(), 'broadsheet-copy-'));
    report = await copyDatabase(postgresSource(site.databaseUrl), sqliteTarget(join(folder, 'broadsheet.sqlite')));
    copy = openDatabase({ databaseUrl: '', dataDir: folder });
  });
  afterAll(async () => {
    await copy?.close();
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('copies every table with every row', async () => {
    await expectSameRows(site.database, copy, report);
  });

  it('leaves a working site: search finds the copied articles, and a new article gets a fresh id', async () => {
    const services = createServices(copy, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir: folder });
    await expectWorkingSite(services, await articleIds(site.database));
  });

  it('refuses a file that already holds a site', async () => {
    await expect(copyDatabase(postgresSource(site.databaseUrl), sqliteTarget(join(folder, 'broadsheet.sqlite')))).rejects.toThrow(/target database is not empty/);
  });
});

describe.skipIf(!postgresUrl)('broadsheet db copy', () => {
  let site: TestDatabase;
  let target: TestDatabase;

  beforeAll(async () => {
    site = await createSqliteDatabase();
    await seedSite(site.services);
    await site.database.close();
    target = await createPostgresDatabase({ migrate: false });
  });
  afterAll(async () => {
    await target?.close();
    rmSync(site.dataDir, { recursive: true, force: true });
  });

  it('copies the site, says every count matches and prints what to set', () => {
    const run = runCli(['db', 'copy', '--to', target.databaseUrl], { DATA_DIR: site.dataDir });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Copied \d+ tables, [\d,]+ rows \(14 articles\) in [\d.]+ s.*every table's count matches the site/);
    expect(run.stdout).toContain(`DATABASE_URL=${target.databaseUrl}`);
  }, CLI_TIMEOUT);

  it('refuses, in one line, a target that now holds the site, and a copy to the kind of database the site already uses', () => {
    const again = runCli(['db', 'copy', '--to', target.databaseUrl], { DATA_DIR: site.dataDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^broadsheet: The target database is not empty: articles \(14 rows\)/m);
    const same = runCli(['db', 'copy', '--to', join(site.dataDir, 'other.sqlite')], { DATA_DIR: site.dataDir });
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('broadsheet: The site already runs on SQLite');
  }, CLI_TIMEOUT);
});
