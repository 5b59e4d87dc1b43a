import type { Command } from 'commander';
import { reportAndExit } from './run.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the site and run scheduled jobs (PORT, HOST and DATABASE_URL from the environment)')
    .action(async () => {
      try {
        const { tuneHeapForServing } = await import('../serving-heap.js');
        tuneHeapForServing();
        const { openRuntime } = await import('../runtime.js');
        const runtime = await openRuntime();
        // Loaded here, not at the top: every other command would load the whole web app to start.
        const { startServer } = await import('../server.js');
        const { stop, url } = await startServer(runtime);
        console.log(`Broadsheet is running at ${url}`);
        const { exitOnSignals } = await import('../cluster/shutdown.js');
        exitOnSignals({ stop, close: runtime.close, logger: runtime.logger });
      } catch (error) {
        reportAndExit(error);
      }
    });
}
