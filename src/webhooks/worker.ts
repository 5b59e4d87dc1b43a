import type { Logger } from 'pino';

const IDLE_POLL_MS = 1000;
const ERROR_PAUSE_MS = 5000;

/**
 * Runs `step` (which answers how much it did) in a loop: straight again while there is work,
 * otherwise after a second or as soon as `wake` is called. Deliveries queued by another process
 * are found by the poll; this process's own wake the loop at once.
 */
export function webhookWorker(step: () => Promise<number>, options: { logger?: Logger; idleMs?: number } = {}) {
  let running = true;
  // A wake that comes while a step runs: the loop goes round again instead of sleeping.
  let woken = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeping = { timer: setTimeout(resolve, ms), resolve };
    }).finally(() => (sleeping = undefined));

  const loop = (async () => {
    while (running) {
      try {
        woken = false;
        if ((await step()) > 0 || woken) continue;
        await pause(options.idleMs ?? IDLE_POLL_MS);
      } catch (error) {
        options.logger?.error({ err: error }, 'webhook deliveries failed');
        await pause(ERROR_PAUSE_MS);
      }
    }
  })();

  const wake = () => {
    woken = true;
    if (!sleeping) return;
    clearTimeout(sleeping.timer);
    sleeping.resolve();
  };

  return {
    wake,
    /** Finishes the batch in hand, then stops. */
    async stop() {
      running = false;
      wake();
      await loop;
    },
  };
}
