import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ConflictError, ValidationError, VerificationError } from '../errors.js';
import { unpackArchive } from './backup-archive.js';
import { DATABASE_ENTRY, SECRET_ENTRY, type Manifest } from './backup-manifest.js';
import { filesUnder, tableCounts, type SiteLocation } from './backup.js';
import { SITE_FILE } from './copy-target.js';
import { postgresSource } from './postgres-copy.js';
import { sqliteSource } from './sqlite-copy.js';
import { runPostgresTool } from './postgres-tools.js';

export interface RestoreReport {
  manifest: Manifest;
  tables: number;
  rows: number;
  mediaFiles: number;
}

const kindOf = (site: SiteLocation) => (site.databaseUrl ? 'postgres' : 'sqlite');
const plural = (n: number, word: string) => `${n.toLocaleString('en-GB')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Restores a backup into the site's empty data directory or database: the archive is unpacked
 * and checked first (a damaged one is refused before anything is put in place), then the
 * database, media and secret key go in, and every table's count and the media are compared
 * with the manifest.
 *
 * @example await restoreBackup('site.tar.gz', { dataDir: './data', databaseUrl: '' })
 */
export async function restoreBackup(file: string, site: SiteLocation): Promise<RestoreReport> {
  mkdirSync(site.dataDir, { recursive: true });
  // Unpacked beside its destination, so that putting it in place is a rename.
  const staging = mkdtempSync(join(site.dataDir, '.broadsheet-restore-'));
  try {
    const manifest = await unpackArchive(file, staging);
    if (manifest.dialect !== kindOf(site)) {
      throw new ConflictError(
        manifest.dialect === 'sqlite'
          ? 'This backup is of a SQLite site but DATABASE_URL names PostgreSQL: restore it with DATABASE_URL empty, then move it with broadsheet db copy'
          : 'This backup is of a PostgreSQL site: set DATABASE_URL to an empty PostgreSQL database to restore it (then broadsheet db copy makes a SQLite copy)',
      );
    }
    await install(staging, manifest, site);
    return await compareWithManifest(manifest, site);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Restores a backup into a scratch place (a temporary folder, and for PostgreSQL a scratch
 * database made on DATABASE_URL's server) and compares every count with the manifest; the
 * scratch place is removed afterwards. A mismatch throws a VerificationError.
 */
export async function verifyBackup(file: string, server: { databaseUrl: string }): Promise<RestoreReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-verify-'));
  let drop: (() => Promise<void>) | undefined;
  try {
    const manifest = await unpackArchive(file, join(scratch, 'unpacked'));
    let databaseUrl = '';
    if (manifest.dialect === 'postgres') {
      if (!server.databaseUrl) throw new ValidationError('This backup is of a PostgreSQL site: set DATABASE_URL to a server where a scratch database may be created, to verify it');
      ({ url: databaseUrl, drop } = await scratchDatabase(server.databaseUrl));
    }
    const site = { dataDir: join(scratch, 'site'), databaseUrl };
    mkdirSync(site.dataDir);
    await install(join(scratch, 'unpacked'), manifest, site);
    return await compareWithManifest(manifest, site);
  } finally {
    await drop?.();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function install(unpacked: string, manifest: Manifest, site: SiteLocation): Promise<void> {
  const media = join(site.dataDir, 'media');
  const siteFile = join(site.dataDir, SITE_FILE);
  if (manifest.dialect === 'sqlite') {
    const occupied = existsSync(siteFile) ? await sqliteTableRows(siteFile) : 0;
    if (occupied) throw new ConflictError(`${siteFile} already holds a site (${plural(occupied, 'row')}): restore needs an empty data directory`);
  } else {
    await refuseUnlessEmpty(site.databaseUrl);
  }
  if (manifest.media.files > 0 && filesUnder(media).length > 0) throw new ConflictError(`${media} already holds files: restore needs an empty data directory`);
  if (manifest.dialect === 'sqlite') {
    for (const leftover of [siteFile, `${siteFile}-wal`, `${siteFile}-shm`]) rmSync(leftover, { force: true });
    renameSync(join(unpacked, DATABASE_ENTRY.sqlite), siteFile);
  } else {
    await runPostgresTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${site.databaseUrl}`, join(unpacked, DATABASE_ENTRY.postgres)]);
  }
  if (existsSync(join(unpacked, 'media'))) {
    if (existsSync(media)) rmSync(media, { recursive: true });
    renameSync(join(unpacked, 'media'), media);
  }
  // The site's links (unsubscribe, sign-in) were signed with this key: they keep working.
  if (existsSync(join(unpacked, SECRET_ENTRY))) renameSync(join(unpacked, SECRET_ENTRY), join(site.dataDir, SECRET_ENTRY));
}

async function sqliteTableRows(file: string): Promise<number> {
  if (statSync(file).size === 0) return 0;
  const source = sqliteSource(file);
  try {
    await source.open();
    return Object.values(await tableCounts(source)).reduce((sum, n) => sum + n, 0);
  } finally {
    await source.close();
  }
}

async function refuseUnlessEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()`);
    if (rows[0]!.n > 0) throw new ConflictError(`The database DATABASE_URL names already holds ${plural(rows[0]!.n, 'table')}: restore needs an empty database (create a new one)`);
  } finally {
    await client.end();
  }
}

async function compareWithManifest(manifest: Manifest, site: SiteLocation): Promise<RestoreReport> {
  const source = manifest.dialect === 'sqlite' ? sqliteSource(join(site.dataDir, SITE_FILE)) : postgresSource(site.databaseUrl);
  let counts: Record<string, number>;
  try {
    await source.open();
    counts = await tableCounts(source);
  } finally {
    await source.close();
  }
  const differences = Object.entries(manifest.tables)
    .filter(([table, rows]) => counts[table] !== rows)
    .map(([table, rows]) => `${table}: ${rows} in the backup, ${counts[table] ?? 'no table'} restored`);
  const mediaDir = join(site.dataDir, 'media');
  const mediaFiles = manifest.media.included ? filesUnder(mediaDir) : [];
  const mediaBytes = mediaFiles.reduce((sum, f) => sum + statSync(join(mediaDir, f)).size, 0);
  if (manifest.media.included && (mediaFiles.length !== manifest.media.files || mediaBytes !== manifest.media.bytes)) {
    differences.push(`media: ${manifest.media.files} files (${manifest.media.bytes} bytes) in the backup, ${mediaFiles.length} (${mediaBytes} bytes) restored`);
  }
  if (differences.length) throw new VerificationError(`The restored site does not match the backup's manifest: ${differences.join('; ')}`);
  return {
    manifest,
    tables: Object.keys(manifest.tables).length,
    rows: Object.values(manifest.tables).reduce((sum, n) => sum + n, 0),
    mediaFiles: mediaFiles.length,
  };
}

/** A database of its own on the server of `url`, and how to drop it. */
async function scratchDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `broadsheet_verify_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw new ValidationError(`Cannot create a scratch database to verify into (${(error as Error).message}): DATABASE_URL's user needs CREATEDB`);
  }
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return {
    url: scratch.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
