import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { generateArchive } from '../src/demo/archive.js';
import { loadDemo } from '../src/demo/load.js';
import { createBackup } from '../src/operations/backup.js';
import { copyDatabase } from '../src/operations/database-copy.js';
import { postgresTarget } from '../src/operations/postgres-copy.js';
import { verifyBackup } from '../src/operations/restore.js';
import { sqliteSource } from '../src/operations/sqlite-copy.js';
import { repoRoot } from './support/built-server.js';
import { benchPostgresDatabase } from './support/postgres-database.js';

/**
 * Moving up from the embedded default (issue #18): `db copy` of a BENCH_ARCHIVE (250,000)
 * article archive from SQLite into an empty PostgreSQL database, counts verified, against a
 * budget of 5,000 articles/s; then `backup` of the SQLite site and `restore --verify` of the
 * archive, which restores it into a scratch folder and compares every count with the manifest.
 * Needs TEST_POSTGRES_URL (scripts/with-postgres.sh) for the copy.
 *
 * The archive is kept in data/bench/db-copy-<count>/: a copy of the search bench's archive when
 * there is one (the same generator), generated otherwise.
 *
 *   scripts/with-postgres.sh npm run bench -- db-copy
 */
const COUNT = Number(process.env.BENCH_ARCHIVE ?? 250_000);
const BUDGET = 5_000;
const TZ = 'Europe/London';
const archiveDir = join(repoRoot, 'data', 'bench', `db-copy-${COUNT}`);
const siteFile = join(archiveDir, 'broadsheet.sqlite');
const f1 = (n: number) => n.toFixed(1);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function prepareArchive(): Promise<number> {
  mkdirSync(archiveDir, { recursive: true });
  const searchArchive = join(repoRoot, 'data', 'bench', `search-${COUNT}`, 'broadsheet.sqlite');
  if (!existsSync(siteFile) && existsSync(searchArchive)) {
    console.log(`copying the search bench's archive from ${searchArchive}`);
    copyFileSync(searchArchive, siteFile);
  }
  const database = openDatabase({ databaseUrl: '', dataDir: archiveDir });
  try {
    await migrateToLatest(database);
    const count = async () => Number((await database.db.selectFrom('articles').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    if ((await count()) === 0) {
      await loadDemo(database.db, TZ);
      await generateArchive(database.db, { count: COUNT, timeZone: TZ });
      await database.refreshStatistics();
    }
    return await count();
  } finally {
    await database.close();
  }
}

const articles = await prepareArchive();
console.log(`archive: ${articles.toLocaleString('en-GB')} articles in ${siteFile}`);
let failed = false;

const serverUrl = process.env.TEST_POSTGRES_URL;
if (!serverUrl) {
  console.log('db copy: SKIPPED (set TEST_POSTGRES_URL, e.g. scripts/with-postgres.sh npm run bench -- db-copy)');
} else {
  const target = await benchPostgresDatabase(serverUrl, 'db_copy');
  try {
    console.log(`load average before the copy: ${load()}`);
    const phases: string[] = [];
    const report = await copyDatabase(sqliteSource(siteFile), postgresTarget(target.url), { onPhase: (phase, seconds) => phases.push(`${phase} ${f1(seconds)} s`) });
    const rate = articles / report.seconds;
    const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `db copy SQLite → PostgreSQL: ${articles.toLocaleString('en-GB')} articles, ${rows.toLocaleString('en-GB')} rows in ${report.tables.length} tables, ` +
        `${f1(report.seconds)} s = ${Math.round(rate).toLocaleString('en-GB')} articles/s, counts verified ` +
        `${rate >= BUDGET ? 'PASS' : 'FAIL'} (budget ${BUDGET.toLocaleString('en-GB')}/s); load average ${load()}`,
    );
    console.log(`  phases: ${phases.join(', ')} (the rest: migrations, counting the site and verifying the copy)`);
    failed ||= rate < BUDGET;
  } finally {
    await target.drop();
  }
}
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-bench-backup-'));
try {
  const archive = join(scratch, 'site.tar');
  let started = performance.now();
  const manifest = await createBackup({ dataDir: archiveDir, databaseUrl: '' }, archive);
  const backupSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  // verifyBackup throws on any count that differs from the manifest.
  const report = await verifyBackup(archive, { databaseUrl: '' });
  const verifySeconds = (performance.now() - started) / 1000;
  console.log(
    `backup: ${(statSync(archive).size / 1e9).toFixed(2)} GB archive, ${manifest.tables.articles!.toLocaleString('en-GB')} articles, in ${f1(backupSeconds)} s; ` +
      `restore --verify: ${report.rows.toLocaleString('en-GB')} rows in ${report.tables} tables, every count equal, in ${f1(verifySeconds)} s; load average ${load()}`,
  );
} catch (error) {
  console.log(`backup and restore --verify: FAIL (${(error as Error).message})`);
  failed = true;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
