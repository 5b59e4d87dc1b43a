import { InvalidArgumentError, type Command } from 'commander';
import { generateArchive, MAX_ARCHIVE } from '../demo/archive.js';
import { withRuntime } from './run.js';

function archiveSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_ARCHIVE) throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_ARCHIVE}`);
  return n;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the demo magazine into an empty database (does nothing if articles exist)')
    .option('--archive <n>', 'also generate a synthetic century of back issues with n articles (e.g. 250000)', archiveSize)
    .action((opts: { archive?: number }) =>
      withRuntime(async ({ services, config }) => {
        // Loaded here: the demo's content is no other command's business.
        const { loadDemo } = await import('../demo/load.js');
        const { loadDemoReadership } = await import('../demo/readership.js');
        const result = await loadDemo(services.database.db, config.timeZone, { media: services.media.storage });
        const views = result.loaded ? await loadDemoReadership(services.database.db, new Date()) : 0;
        console.log(result.loaded ? `Loaded the demo site: ${result.articles} articles and ${views} page views of two weeks.` : 'The database already has articles; the demo was not loaded.');
        if (opts.archive === undefined) return;
        const started = Date.now();
        let lastShown = 0;
        const archive = await generateArchive(services.database.db, {
          count: opts.archive,
          timeZone: config.timeZone,
          onProgress: (written, total) => {
            if (written !== total && Date.now() - lastShown < 1000) return;
            lastShown = Date.now();
            process.stderr.write(`\rArchive: ${written.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} articles (${Math.round((100 * written) / total)}%)`);
          },
        });
        process.stderr.write('\n');
        await services.database.refreshStatistics();
        console.log(
          `Generated the archive: ${archive.articles} articles in ${archive.printIssues} weekly print issues from ${archive.firstIssueDate}, ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      }),
    );
}
