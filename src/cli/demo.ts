import type { Command } from 'commander';
import { loadDemo } from '../demo/load.js';
import { withRuntime } from './run.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the demo magazine into an empty database (does nothing if articles exist)')
    .action(() =>
      withRuntime(async ({ services, config }) => {
        const result = await loadDemo(services.database.db, config.timeZone);
        console.log(result.loaded ? `Loaded the demo site: ${result.articles} articles.` : 'The database already has articles; the demo was not loaded.');
      }),
    );
}
