import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { createLogger } from '../logger.js';
import { createServices } from '../services.js';
import type { WebhookSubject } from './webhook-service.js';

const BACKGROUND_NICE = 19;

/** The delivery thread (delivery-thread.ts): the webhook and fediverse workers over a connection of its own. */
const { config, writeTurns } = workerData as { config: Config; writeTurns?: SharedArrayBuffer };
const logger = createLogger(config.logLevel);
// Deliveries can wait a moment; editors and readers cannot. On Linux each thread has a nice
// value of its own, so this thread alone gets the CPU only after the server's requests do.
if (process.platform === 'linux') {
  try {
    setPriority(BACKGROUND_NICE);
  } catch (error) {
    logger.warn({ err: error }, 'delivery thread: could not lower its priority; it shares the CPU with the server evenly');
  }
}
const database = openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: 4,
  writeTurns,
  onConnectionLost: (error) => logger.warn({ err: error }, 'delivery thread: database connection lost; the pool reconnects'),
});
const services = createServices(database, { ...config, logger });
const webhooks = services.webhooks.startWorker(logger);
const stopFediverse = services.fediverse.startWorker();

parentPort!.on('message', (message: string | { emit: WebhookSubject }) => {
  // An event the server handed over: read and queued here, and awaited (queued()) before the connection closes.
  if (typeof message === 'object') services.webhooks.emitSoon(message.emit, (error) => logger.error({ err: error }, 'queueing a webhook failed'));
  else if (message === 'webhooks') webhooks.wake();
  else if (message === 'fediverse') services.fediverse.queue.wake();
  else if (message === 'stop') {
    void (async () => {
      await services.webhooks.queued();
      await webhooks.stop();
      await stopFediverse();
      await database.close();
      parentPort!.postMessage('stopped');
    })();
  }
});
