import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connection.js';
import { ConflictError, VerificationError } from '../src/errors.js';
import { unpackArchive, writeArchive } from '../src/operations/backup-archive.js';
import { createBackup, filesUnder } from '../src/operations/backup.js';
import type { Manifest } from '../src/operations/backup-manifest.js';
import { restoreBackup, verifyBackup } from '../src/operations/restore.js';
import { createServices } from '../src/services.js';
import { runCli } from './support/cli.js';
import { createPostgresDatabase, createSqliteDatabase, postgresUrl, type TestDatabase } from './support/databases.js';
import { seedSite } from './support/fixtures.js';

/** Each CLI run starts a command from the TypeScript sources: seconds apiece on a busy machine. */
const CLI_TIMEOUT = 180_000;

const temp = (label: string) => mkdtempSync(join(tmpdir(), `broadsheet-${label}-`));

async function countsOf(database: Database, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
  return counts;
}

async function findsTheHarbourStory(database: Database, dataDir: string): Promise<void> {
  const services = createServices(database, { timeZone: 'Europe/London', siteUrl: 'http://localhost', dataDir });
  expect((await services.search.search({ q: 'harbour cranes' })).hits.map((h) => h.headline)).toContain('Harbour cranes fall silent as the dock strike begins');
}

describe('backup and restore of a SQLite site', () => {
  let site: TestDatabase;
  let folder: string;
  let archive: string;
  let manifest: Manifest;
  let siteCounts: Record<string, number>;

  beforeAll(async () => {
    site = await createSqliteDatabase();
    await seedSite(site.services);
    writeFileSync(join(site.dataDir, 'secret.key'), 'k'.repeat(64));
    folder = temp('backups');
    archive = join(folder, 'site.tar.gz');
    manifest = await createBackup({ dataDir: site.dataDir, databaseUrl: '' }, archive);
    siteCounts = await countsOf(site.database, Object.keys(manifest.tables));
  });
  afterAll(async () => {
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes one archive whose manifest counts every table and the media files', () => {
    expect(manifest).toMatchObject({ format: 'broadsheet-backup', version: 1, dialect: 'sqlite', media: { included: true } });
    expect(manifest.tables).toEqual(siteCounts);
    expect(manifest.tables.articles).toBe(14);
    const media = filesUnder(join(site.dataDir, 'media'));
    expect(media.length).toBeGreaterThan(0);
    expect(manifest.media.files).toBe(media.length);
    expect(Object.keys(manifest.checksums)).toEqual(expect.arrayContaining(['database.sqlite', 'secret.key', ...media.map((m) => `media/${m}`)]));
  });

  it('restore --verify restores it into a scratch folder with every count equal, and leaves nothing behind', async () => {
    const report = await verifyBackup(archive, { databaseUrl: '' });
    expect(report.rows).toBe(Object.values(siteCounts).reduce((a, b) => a + b, 0));
    expect(report.mediaFiles).toBe(manifest.media.files);
  });

  it('restores into an empty data directory: the same rows, media and secret key, and a site that searches', async () => {
    const dataDir = temp('restored');
    try {
      await restoreBackup(archive, { dataDir, databaseUrl: '' });
      const restored = openDatabase({ databaseUrl: '', dataDir });
      try {
        expect(await countsOf(restored, Object.keys(manifest.tables))).toEqual(siteCounts);
        await findsTheHarbourStory(restored, dataDir);
      } finally {
        await restored.close();
      }
      const media = filesUnder(join(site.dataDir, 'media'));
      expect(filesUnder(join(dataDir, 'media'))).toEqual(media);
      for (const m of media) expect(readFileSync(join(dataDir, 'media', m))).toEqual(readFileSync(join(site.dataDir, 'media', m)));
      expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).toBe('k'.repeat(64));
      await expect(restoreBackup(archive, { dataDir, databaseUrl: '' })).rejects.toThrow(ConflictError);
      await expect(restoreBackup(archive, { dataDir, databaseUrl: '' })).rejects.toThrow(/already holds a site \([\d,]+ rows\): restore needs an empty data directory/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged, cut short or foreign archive with a clear message, restoring nothing', async () => {
    const plain = join(folder, 'plain.tar');
    await createBackup({ dataDir: site.dataDir, databaseUrl: '' }, plain);
    const damaged = join(folder, 'damaged.tar');
    writeFileSync(damaged, readFileSync(plain));
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.from('XXXXXXXX'), 0, 8, Math.floor(statSync(damaged).size / 3));
    closeSync(fd);
    const cut = join(folder, 'cut.tar');
    writeFileSync(cut, readFileSync(plain).subarray(0, Math.floor(statSync(plain).size / 2)));
    const foreign = join(folder, 'notes.txt');
    writeFileSync(foreign, 'not a backup at all\n'.repeat(100));

    const dataDir = temp('refused');
    try {
      await expect(restoreBackup(damaged, { dataDir, databaseUrl: '' })).rejects.toThrow(/damaged\.tar is not a usable Broadsheet backup: .* does not match its checksum \(the file is damaged\)/);
      await expect(restoreBackup(cut, { dataDir, databaseUrl: '' })).rejects.toThrow(/cut\.tar is not a usable Broadsheet backup: (it is cut short|it has no manifest)/);
      await expect(verifyBackup(foreign, { databaseUrl: '' })).rejects.toThrow(VerificationError);
      await expect(verifyBackup(foreign, { databaseUrl: '' })).rejects.toThrow(/notes\.txt is not a usable Broadsheet backup/);
      expect(filesUnder(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('restore --verify fails, naming the table, when a count differs from the manifest', async () => {
    const unpacked = temp('unpacked');
    try {
      const real = await unpackArchive(archive, unpacked);
      const forged = join(folder, 'forged.tar');
      const { checksums: _, ...rest } = real;
      await writeArchive(forged, [{ name: 'database.sqlite', path: join(unpacked, 'database.sqlite') }], { ...rest, tables: { ...rest.tables, articles: 999 }, media: { included: true, files: 0, bytes: 0 } });
      await expect(verifyBackup(forged, { databaseUrl: '' })).rejects.toThrow(/does not match the backup's manifest: articles: 999 in the backup, 14 restored/);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it('broadsheet backup and restore --verify say what they did in a line, and a damaged archive exits 1', () => {
    const file = join(folder, 'cli.tar.gz');
    const backup = runCli(['backup', file], { DATA_DIR: site.dataDir });
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^Backed up the SQLite site to .*cli\.tar\.gz: [\d,]+ rows in \d+ tables, \d+ media files\.$/m);
    const verify = runCli(['restore', '--verify', file], { DATA_DIR: temp('cli-empty') });
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/^Verified .*: [\d,]+ rows in \d+ tables, \d+ media files, every count equal to its manifest\.$/m);
    const damaged = join(folder, 'cli-damaged.tar.gz');
    writeFileSync(damaged, readFileSync(file).subarray(0, 200));
    const refused = runCli(['restore', '--verify', damaged], { DATA_DIR: temp('cli-empty') });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^broadsheet: .*cli-damaged\.tar\.gz is not a usable Broadsheet backup: it is cut short or not a tar archive/);
    expect(existsSync(file)).toBe(true);
  }, CLI_TIMEOUT);
});

describe.skipIf(!postgresUrl)('backup and restore of a PostgreSQL site', () => {
  let site: TestDatabase;
  let empty: TestDatabase;
  let folder: string;
  let archive: string;
  let manifest: Manifest;

  beforeAll(async () => {
    site = await createPostgresDatabase();
    await seedSite(site.services);
    empty = await createPostgresDatabase({ migrate: false });
    folder = temp('pg-backups');
    archive = join(folder, 'site.tar');
    manifest = await createBackup({ dataDir: site.dataDir, databaseUrl: site.databaseUrl }, archive);
  });
  afterAll(async () => {
    await empty?.close();
    await site?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('dumps with pg_dump, counts every table from the dump’s snapshot, and verifies in a scratch database', async () => {
    expect(manifest.dialect).toBe('postgres');
    expect(manifest.tables).toEqual(await countsOf(site.database, Object.keys(manifest.tables)));
    const report = await verifyBackup(archive, { databaseUrl: site.databaseUrl });
    expect(report.tables).toBe(Object.keys(manifest.tables).length);
    expect(report.mediaFiles).toBe(manifest.media.files);
  });

  it('restores into an empty database, and refuses one that holds tables', async () => {
    const dataDir = temp('pg-restored');
    try {
      await restoreBackup(archive, { dataDir, databaseUrl: empty.databaseUrl });
      expect(await countsOf(empty.database, Object.keys(manifest.tables))).toEqual(manifest.tables);
      await findsTheHarbourStory(empty.database, dataDir);
      await expect(restoreBackup(archive, { dataDir: temp('pg-again'), databaseUrl: empty.databaseUrl })).rejects.toThrow(/already holds \d+ tables: restore needs an empty database/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
