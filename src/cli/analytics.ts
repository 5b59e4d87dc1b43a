import { InvalidArgumentError, type Command } from 'commander';
import { withRuntime } from './run.js';

/** How far back `analytics top` may look: rollups are kept for good, but a decade is plenty to ask for. */
const MAX_DAYS = 3660;

const wholeNumber = (max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
  return n;
};

const figure = (n: number) => n.toLocaleString('en-GB');

export function registerAnalytics(program: Command): void {
  const analytics = program.command('analytics').description("what readers read: the newsroom's analytics from the command line");
  analytics
    .command('top')
    .description('the most-read articles, with their views and visitors (a visitor counted once a day)')
    .option('--days <n>', 'the last n days, today included', wholeNumber(MAX_DAYS), 7)
    .option('--limit <n>', 'how many articles', wholeNumber(1000), 10)
    .action((opts: { days: number; limit: number }) =>
      withRuntime(async ({ services }) => {
        const { reports } = services.analytics;
        const range = reports.lastDays(opts.days);
        const top = await reports.topArticles(range, opts.limit);
        console.log(`Top articles, ${range.from} to ${range.to} (${opts.days} day${opts.days === 1 ? '' : 's'})`);
        if (!top.length) {
          console.log('No views counted in these days.');
          return;
        }
        const views = Math.max(5, ...top.map((a) => figure(a.views).length));
        const visitors = Math.max(8, ...top.map((a) => figure(a.visitors).length));
        console.log(`${'views'.padStart(views)}  ${'visitors'.padStart(visitors)}  article`);
        for (const a of top) console.log(`${figure(a.views).padStart(views)}  ${figure(a.visitors).padStart(visitors)}  ${a.headline}  ${a.path}`);
      }),
    );
}
