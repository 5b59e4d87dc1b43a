import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Services } from '../services.js';

/** After a crash, the thread is started again this much later (its leases run out meanwhile, nothing is lost). */
const RESTART_MS = 5000;

/** The thread's module: the built .js, or the .ts source through tsx's loader when running from source (tests, benches). */
function spawn(config: Config): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './delivery-thread-worker.ts' : './delivery-thread-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: { config } });
  const load = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData: { config } });
}

/**
 * The server's webhook and fediverse delivery workers: on a thread of their own on PostgreSQL,
 * in this process on SQLite. A second connection to a SQLite file would make the site's own
 * transactions (which read, then write) fail with SQLITE_BUSY whenever the thread wrote between
 * the two, and SQLite's busy timeout does not wait in that case.
 */
export function startDeliveries(runtime: { config: Config; services: Services; logger: Logger }): { stop(): Promise<void> } {
  if (runtime.services.database.dialect.name === 'postgres') return startDeliveryThread(runtime);
  const { services, logger } = runtime;
  const webhooks = services.webhooks.startWorker(logger);
  const stopFediverse = services.fediverse.startWorker();
  return {
    async stop() {
      await webhooks.stop();
      await stopFediverse();
    },
  };
}

/**
 * Webhook and fediverse deliveries sent from a thread of their own, with its own database
 * connection: their work (TLS, HTTP, signatures, the queues' reads and writes) then runs beside
 * the server's event loop instead of on it, and an editor's request answers as fast while
 * thousands go out as when none do. This process still queues them; each queueing wakes the
 * thread at once (otherwise it looks every second, which also finds other processes' messages).
 */
export function startDeliveryThread({ config, services, logger }: { config: Config; services: Services; logger: Logger }): { stop(): Promise<void> } {
  let stopping = false;
  let thread = start();
  const offWebhooks = services.webhooks.onQueued(() => thread.postMessage('webhooks'));
  const offFediverse = services.fediverse.queue.onEnqueued(() => thread.postMessage('fediverse'));

  function start(): Worker {
    const worker = spawn(config);
    worker.on('error', (error) => logger.error({ err: error }, 'the delivery thread failed'));
    worker.on('exit', (code) => {
      if (stopping) return;
      logger.error({ code }, `the delivery thread ended; it starts again in ${RESTART_MS / 1000} s`);
      setTimeout(() => {
        if (!stopping) thread = start();
      }, RESTART_MS).unref();
    });
    return worker;
  }

  return {
    /** Lets the thread finish the batches in hand and close its connection, then ends it. */
    async stop() {
      stopping = true;
      offWebhooks();
      offFediverse();
      const stopped = once(thread, 'message');
      thread.postMessage('stop');
      await Promise.race([stopped, once(thread, 'exit')]);
      await thread.terminate();
    },
  };
}
