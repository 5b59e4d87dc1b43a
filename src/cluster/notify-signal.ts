import pg from 'pg';
import type { Logger } from 'pino';
import { pause, type ChangeSignal } from '../content/change-feed.js';
import { CHANGES_CHANNEL } from '../content/change-store.js';

export interface NotifySignalOptions {
  logger: Logger;
  /** This process's own origin: its own changes need no read (they are never delivered back to it). */
  ownOrigin?: string;
  /**
   * Called when the listener connects again after losing its connection: notifications sent
   * meanwhile are gone, so whatever the process cached may be stale (the render cache empties).
   */
  onReconnect?: () => void;
  /** A look at the feed even when nothing was heard, in case a notification was lost. */
  fallbackMs?: number;
  /** How often to look while the listener is away, as the polling signal does. */
  disconnectedMs?: number;
  retryMs?: number;
}

/** A ChangeSignal woken by PostgreSQL's LISTEN/NOTIFY, which /readyz asks whether it is listening. */
export interface NotifySignal extends ChangeSignal {
  readonly listening: boolean;
  /** Stops listening and ends the dedicated connection. */
  close(): Promise<void>;
}

/**
 * Wakes the change-feed follower the moment another process records a change: a dedicated
 * client (outside the pool, whose connections come and go) LISTENs on the feed's channel. The
 * feed's rows stay the truth; the notification only says "read now". A lost connection is
 * retried every second, the feed polled meanwhile, and on reconnecting `onReconnect` runs.
 *
 * @example const signal = postgresNotifySignal(url, { logger, onReconnect: () => cache.clear() });
 */
export function postgresNotifySignal(databaseUrl: string, options: NotifySignalOptions): NotifySignal {
  const { logger, ownOrigin, onReconnect, fallbackMs = 5000, disconnectedMs = 200, retryMs = 1000 } = options;
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let heard = false;
  let wake: (() => void) | undefined;
  let everListened = false;
  let failing = false;
  let retry: NodeJS.Timeout | undefined;

  const notify = () => {
    heard = true;
    wake?.();
  };

  const lost = (current: pg.Client, error?: Error) => {
    if (client !== current) return;
    client = undefined;
    listening = false;
    current.end().catch(() => {});
    if (closed) return;
    if (!failing) logger.warn({ err: error }, 'the change listener lost its PostgreSQL connection; polling the change feed until it is back');
    failing = true;
    retry = setTimeout(() => void connect(), retryMs);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const current = new pg.Client({ connectionString: databaseUrl, application_name: `broadsheet-listener-${process.pid}` });
    client = current;
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current));
    current.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload !== ownOrigin) notify();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      lost(current, error as Error);
      return;
    }
    if (client !== current) return;
    listening = true;
    if (failing) logger.info('the change listener is connected again; emptied the render cache');
    failing = false;
    if (everListened) onReconnect?.();
    everListened = true;
    // Whatever was recorded while nobody listened is read now.
    notify();
  }

  const started = connect();
  let first = true;

  return {
    get listening() {
      return listening;
    },

    async next(abort) {
      if (first) {
        // Listening before the follower reads where the feed ends, so nothing in between goes unheard.
        first = false;
        await started;
        heard = false;
        return;
      }
      if (!heard) await pause(listening ? fallbackMs : disconnectedMs, abort, (w) => (wake = w));
      wake = undefined;
      heard = false;
    },

    async close() {
      closed = true;
      clearTimeout(retry);
      await started;
      const current = client;
      client = undefined;
      listening = false;
      wake?.();
      await current?.end().catch(() => {});
    },
  };
}
