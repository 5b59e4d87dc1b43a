import type { Logger } from 'pino';

/** How long a shutdown may take before the process exits anyway (an orchestrator's grace is often 30 s; ours is shorter). */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ShutdownSteps {
  /** Stops the server: no new connections, in-flight requests and jobs finished, locks released. */
  stop(): Promise<void>;
  /** Closes what the runtime opened (the database pools). */
  close(): Promise<void>;
  logger: Logger;
}

/**
 * On SIGTERM or SIGINT, shuts down in order and exits 0; a shutdown still going after
 * `graceMs` exits 1, saying what it was waiting for is cut short. A second signal changes nothing.
 *
 * @example exitOnSignals({ stop, close: runtime.close, logger });
 */
export function exitOnSignals({ stop, close, logger }: ShutdownSteps, graceMs = SHUTDOWN_GRACE_MS): void {
  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: finishing requests and jobs in flight');
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long; exiting with requests or jobs unfinished');
      process.exit(1);
    }, graceMs).unref();
    try {
      await stop();
      await close();
      logger.info('shut down cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
