import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { ValidationError } from '../errors.js';
import type { ArchiveFile } from './backup-archive.js';
import { writeArchive } from './backup-archive.js';
import { appVersion, BACKUP_FORMAT_VERSION, DATABASE_ENTRY, MEDIA_PREFIX, SECRET_ENTRY, type Manifest } from './backup-manifest.js';
import type { CopySource } from './copy-endpoints.js';
import { countPostgresTables } from './postgres-copy.js';
import { SITE_FILE } from './copy-target.js';
import { runPostgresTool } from './postgres-tools.js';
import { sqliteSource } from './sqlite-copy.js';

/** The site to back up or restore into, as the configuration names it. */
export interface SiteLocation {
  dataDir: string;
  /** Empty for the SQLite file in dataDir. */
  databaseUrl: string;
  /** Media live in a bucket (S3_URL), not in dataDir/media. */
  mediaInBucket?: boolean;
}

/** Every file under `folder`, as paths relative to it, in a stable order. */
export function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return (readdirSync(folder, { recursive: true, withFileTypes: true }) as Array<{ name: string; parentPath: string; isFile(): boolean }>)
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

/** Every plain table's row count, read from one snapshot by a copy source. */
export async function tableCounts(source: CopySource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await source.tableNames()) counts[table] = await source.count(table);
  return counts;
}

/**
 * Writes one archive holding the whole site: the database (SQLite through its online backup
 * API, so the site keeps serving; PostgreSQL through `pg_dump -Fc` from the same snapshot the
 * counts are read in), the secret key that signs its links, the uploaded media in
 * DATA_DIR/media (unless they live in a bucket, which is said instead), and a manifest with
 * every table's row count and every file's SHA-256.
 *
 * @example await createBackup({ dataDir: './data', databaseUrl: '' }, 'site.tar.gz')
 */
export async function createBackup(site: SiteLocation, file: string): Promise<Manifest> {
  const archive = resolve(file);
  if (!existsSync(dirname(archive))) throw new ValidationError(`${file}: the folder ${dirname(archive)} does not exist`);
  if (existsSync(archive)) throw new ValidationError(`${file} already exists: choose a new name, so that no backup is written over`);
  const scratch = mkdtempSync(join(dirname(archive), '.broadsheet-backup-'));
  try {
    const { databaseEntry, tables } = site.databaseUrl ? await dumpPostgres(site.databaseUrl, scratch) : await copySqlite(join(site.dataDir, SITE_FILE), scratch);
    const mediaDir = join(site.dataDir, 'media');
    const media = site.mediaInBucket ? [] : filesUnder(mediaDir);
    const files: ArchiveFile[] = [databaseEntry];
    if (existsSync(join(site.dataDir, SECRET_ENTRY))) files.push({ name: SECRET_ENTRY, path: join(site.dataDir, SECRET_ENTRY) });
    for (const m of media) files.push({ name: `${MEDIA_PREFIX}${m.split('\\').join('/')}`, path: join(mediaDir, m) });
    return await writeArchive(archive, files, {
      format: 'broadsheet-backup',
      version: BACKUP_FORMAT_VERSION,
      dialect: site.databaseUrl ? 'postgres' : 'sqlite',
      createdAt: new Date().toISOString(),
      appVersion: appVersion(),
      tables,
      media: {
        included: !site.mediaInBucket,
        files: media.length,
        bytes: media.reduce((sum, m) => sum + statSync(join(mediaDir, m)).size, 0),
        ...(site.mediaInBucket ? { note: 'media live in the S3 bucket (S3_URL) and are not in this archive: back the bucket up with its own tools' } : {}),
      },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function copySqlite(siteFile: string, scratch: string): Promise<{ databaseEntry: ArchiveFile; tables: Record<string, number> }> {
  if (!existsSync(siteFile)) throw new ValidationError(`There is no site to back up: ${siteFile} does not exist`);
  const copy = join(scratch, DATABASE_ENTRY.sqlite);
  const live = new SQLite(siteFile, { readonly: true, fileMustExist: true });
  try {
    await live.backup(copy);
  } finally {
    live.close();
  }
  // The copy is one moment of the site: its counts are the backup's.
  const source = sqliteSource(copy);
  try {
    await source.open();
    return { databaseEntry: { name: DATABASE_ENTRY.sqlite, path: copy }, tables: await tableCounts(source) };
  } finally {
    await source.close();
  }
}

async function dumpPostgres(url: string, scratch: string): Promise<{ databaseEntry: ArchiveFile; tables: Record<string, number> }> {
  const dump = join(scratch, DATABASE_ENTRY.postgres);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // pg_dump reads the snapshot this transaction exported, so the counts are those of the dump.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id;
    const tables = await countPostgresTables(client);
    await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${dump}`, `--dbname=${url}`]);
    await client.query('COMMIT');
    return { databaseEntry: { name: DATABASE_ENTRY.postgres, path: dump }, tables };
  } finally {
    await client.end();
  }
}
