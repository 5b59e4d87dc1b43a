import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { reportAndExit } from './run.js';

/** `1,234 rows in 45 tables, 12 media files`. */
const summary = (r: { rows: number; tables: number; mediaFiles: number }) =>
  `${r.rows.toLocaleString('en-GB')} rows in ${r.tables} tables, ${r.mediaFiles.toLocaleString('en-GB')} media file${r.mediaFiles === 1 ? '' : 's'}`;

/**
 * Backup and restore read only the configuration: restore must find the database untouched
 * (no migrations run first), and neither needs the services.
 */
async function withConfig(work: (config: ReturnType<typeof loadConfig>) => Promise<void>): Promise<void> {
  try {
    await work(loadConfig());
  } catch (error) {
    reportAndExit(error);
  }
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write the whole site (database, media, secret key) into one archive with a manifest of every count; .tar.gz compresses it')
    .argument('<file>', 'the archive to write, e.g. backups/site-2026-12-03.tar.gz (never written over)')
    .action((file: string) =>
      withConfig(async (config) => {
        // Loaded here: the archive and database tools are no other command's business.
        const { createBackup } = await import('../operations/backup.js');
        const manifest = await createBackup({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, mediaInBucket: Boolean(config.s3) }, file);
        const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
        console.log(
          `Backed up the ${manifest.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} site to ${file}: ` +
            summary({ rows, tables: Object.keys(manifest.tables).length, mediaFiles: manifest.media.files }) + '.',
        );
        if (manifest.media.note) console.log(`Note: ${manifest.media.note}.`);
      }),
    );
  program
    .command('restore')
    .description('restore a backup into an empty data directory or database (DATA_DIR, DATABASE_URL), then compare every count with its manifest')
    .argument('<file>', 'an archive written by broadsheet backup')
    .option('--verify', 'restore into a scratch folder (and a scratch PostgreSQL database on DATABASE_URL\'s server) instead, compare every count, and remove it; exit 1 on any difference')
    .action((file: string, { verify }: { verify?: boolean }) =>
      withConfig(async (config) => {
        const { restoreBackup, verifyBackup } = await import('../operations/restore.js');
        if (verify) {
          const report = await verifyBackup(file, { databaseUrl: config.databaseUrl });
          console.log(`Verified ${file} (${report.manifest.dialect}, made ${report.manifest.createdAt}): ${summary(report)}, every count equal to its manifest.`);
          return;
        }
        const report = await restoreBackup(file, { dataDir: config.dataDir, databaseUrl: config.databaseUrl, mediaInBucket: Boolean(config.s3) });
        console.log(`Restored ${file} into ${config.databaseUrl ? 'the database DATABASE_URL names' : config.dataDir}: ${summary(report)}, every count equal to its manifest.`);
        if (report.manifest.media.note) console.log(`Note: ${report.manifest.media.note}.`);
      }),
    );
}
