import { loadDemo } from './demo/load.js';
import { loadDemoReadership } from './demo/readership.js';
import { BroadsheetError } from './errors.js';
import { openRuntime } from './runtime.js';
import { startServer } from './server.js';
import { tuneHeapForServing } from './serving-heap.js';
import { exitOnSignals } from './cluster/shutdown.js';

/**
 * `npm start`: serve the site, loading the demo magazine the first time so that a
 * fresh install shows a working site at once.
 */
async function main() {
  tuneHeapForServing();
  const runtime = await openRuntime();
  const demo = await loadDemo(runtime.services.database.db, runtime.config.timeZone, { media: runtime.services.media.storage });
  if (demo.loaded) {
    const views = await loadDemoReadership(runtime.services.database.db, new Date());
    runtime.logger.info({ articles: demo.articles, views }, 'empty database: loaded the demo site and two weeks of its readers');
  }
  const { stop, url } = await startServer(runtime);
  console.log(`Broadsheet is running at ${url}`);
  exitOnSignals({ stop, close: runtime.close, logger: runtime.logger });
}

main().catch((error: unknown) => {
  console.error(error instanceof BroadsheetError ? `broadsheet: ${error.message}` : error);
  process.exit(1);
});
