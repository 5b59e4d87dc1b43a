import type { Command } from 'commander';
import { withRuntime } from './run.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (also done on every start)')
    .action(() =>
      withRuntime(async ({ config }) => {
        console.log(`Database is up to date (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}).`);
      }),
    );
}
