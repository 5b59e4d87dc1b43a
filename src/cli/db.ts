import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ConflictError } from '../errors.js';
import { withRuntime } from './run.js';

export function registerDb(program: Command): void {
  const db = program.command('db').description('move the site between databases');
  db.command('copy')
    .description('copy the site into an empty PostgreSQL database, or from PostgreSQL into a SQLite file; counts every table on both sides')
    .requiredOption('--to <target>', 'postgres://user:password@host/database (empty), or a SQLite file: ./site/broadsheet.sqlite or sqlite:path')
    .action(({ to }: { to: string }) =>
      withRuntime(async ({ config }) => {
        // Loaded here: the copy's drivers and progress bar are no other command's business.
        const { parseCopyDestination, SITE_FILE } = await import('../operations/copy-target.js');
        const { copyDatabase } = await import('../operations/database-copy.js');
        const { postgresSource, postgresTarget } = await import('../operations/postgres-copy.js');
        const { sqliteSource, sqliteTarget } = await import('../operations/sqlite-copy.js');
        const { SingleBar } = await import('cli-progress');
        const destination = parseCopyDestination(to);
        const from = config.databaseUrl ? 'postgres' : 'sqlite';
        if (destination.kind === from) {
          throw new ConflictError(
            from === 'sqlite'
              ? 'The site already runs on SQLite: db copy moves it to PostgreSQL (--to postgres://…); for a second SQLite copy use broadsheet backup'
              : 'The site already runs on PostgreSQL: db copy moves it to a SQLite file; to move it to another PostgreSQL server use broadsheet backup and restore',
          );
        }
        const source = config.databaseUrl ? postgresSource(config.databaseUrl) : sqliteSource(join(config.dataDir, SITE_FILE));
        const target = destination.kind === 'postgres' ? postgresTarget(destination.url) : sqliteTarget(destination.file);
        const bar = new SingleBar({ format: 'copying [{bar}] {percentage}% {value}/{total} rows | {table}', hideCursor: true, stream: process.stderr });
        let copied = 0;
        const report = await copyDatabase(source, target, {
          onStart: (tables) => bar.start(tables.reduce((sum, t) => sum + t.rows, 0), 0, { table: '' }),
          onRows: (table, rows) => bar.update((copied += rows), { table }),
        }).finally(() => bar.stop());
        const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
        const articles = report.tables.find((t) => t.name === 'articles')?.rows ?? 0;
        console.log(
          `Copied ${report.tables.length} tables, ${rows.toLocaleString('en-GB')} rows (${articles.toLocaleString('en-GB')} articles) in ${report.seconds.toFixed(1)} s` +
            `${report.seconds > 0 ? ` (${Math.round(articles / report.seconds).toLocaleString('en-GB')} articles/s)` : ''}; every table's count matches the site.`,
        );
        console.log('To run the site on the copy, set:');
        if (destination.kind === 'postgres') {
          console.log(`  DATABASE_URL=${destination.url}`);
        } else {
          console.log(`  DATA_DIR=${dirname(destination.file)}`);
          console.log('  DATABASE_URL= (empty)');
          if (basename(destination.file) !== SITE_FILE) console.log(`and rename ${basename(destination.file)} to ${SITE_FILE}: Broadsheet opens DATA_DIR/${SITE_FILE}.`);
        }
        console.log(`Uploaded media are not in the database: the copy's processes need ${join(config.dataDir, 'media')} too (the same DATA_DIR, or a copy of its media folder).`);
      }),
    );
}
