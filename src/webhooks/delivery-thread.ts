import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Services } from '../services.js';

/** After a crash, the thread is started again this much later (its leases run out meanwhile, nothing is lost). */
const RESTART_MS = 5000;
/** Until the thread runs, how often the site is asked whether it has anywhere to deliver (another process may have subscribed). */
const LOOK_MS = 10_000;

/** The thread's module: the built .js, or the .ts source through tsx's loader when running from source (tests, benches). */
function spawn(config: Config, writeTurns: SharedArrayBuffer | undefined): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './delivery-thread-worker.ts' : './delivery-thread-worker.js', import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: { config, writeTurns } });
  const load = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData: { config, writeTurns } });
}

/**
 * Webhook and fediverse deliveries sent from a thread of their own, with its own database
 * connection: their work (TLS, HTTP, signatures, the queues' reads and writes) then runs beside
 * the server's event loop instead of on it, and an editor's request answers as fast while
 * thousands go out as when none do. This process still queues them; each queueing wakes the
 * thread at once (otherwise it looks every second, which also finds other processes' messages).
 * On SQLite too: the two connections take turns at the write lock, the server's first
 * (src/db/write-turns.ts), and the thread's checkpoints the log for both.
 *
 * The thread is a second JavaScript heap of about 100 MB, so it starts only once the site has
 * somewhere to deliver: a webhook subscription, the fediverse turned on, or messages queued.
 * Until then the site is asked every LOOK_MS, and anything queued here starts it at once.
 */
export function startDeliveries({ config, services, logger }: { config: Config; services: Services; logger: Logger }): { running(): boolean; stop(): Promise<void> } {
  let stopping = false;
  let thread: Worker | undefined;
  const started = () => (thread ??= start());
  const offWebhooks = services.webhooks.onQueued(() => started().postMessage('webhooks'));
  const offFediverse = services.fediverse.queue.onEnqueued(() => started().postMessage('fediverse'));
  const look = () =>
    void deliveriesWanted(services)
      .then((wanted) => wanted && !stopping && started())
      .catch((error: unknown) => logger.warn({ err: error }, 'could not tell whether the site has deliveries to send; asking again later'));
  look();
  const looking = setInterval(() => thread || look(), LOOK_MS).unref();

  function start(): Worker {
    const worker = spawn(config, services.database.writeTurns);
    // From now on the thread also reads each event's payload and writes its deliveries' rows.
    services.webhooks.handOffTo((subject) => worker.postMessage({ emit: subject }));
    // On SQLite the thread's connection checkpoints the log while it runs (src/db/connection.ts).
    const checkpointHere = services.database.checkpointElsewhere();
    worker.on('error', (error) => logger.error({ err: error }, 'the delivery thread failed'));
    worker.on('exit', (code) => {
      services.webhooks.handOffTo(undefined);
      checkpointHere();
      if (stopping) return;
      logger.error({ code }, `the delivery thread ended; it starts again in ${RESTART_MS / 1000} s`);
      setTimeout(() => {
        if (!stopping) thread = start();
      }, RESTART_MS).unref();
    });
    return worker;
  }

  return {
    running: () => thread !== undefined,
    /** Lets the thread finish the batches in hand and close its connection, then ends it. */
    async stop() {
      stopping = true;
      clearInterval(looking);
      services.webhooks.handOffTo(undefined);
      offWebhooks();
      offFediverse();
      if (!thread) return;
      const stopped = once(thread, 'message');
      thread.postMessage('stop');
      await Promise.race([stopped, once(thread, 'exit')]);
      await thread.terminate();
    },
  };
}

/** Whether the site has anywhere to deliver, or anything waiting to go. */
async function deliveriesWanted(services: Services): Promise<boolean> {
  const [subscribed, fediverse, waiting] = await Promise.all([services.webhooks.anySubscription(), services.fediverse.settings.get(), services.fediverse.queue.size()]);
  return subscribed || fediverse.enabled || waiting > 0;
}
