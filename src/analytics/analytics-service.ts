import type { Logger } from 'pino';
import type { Database } from '../db/connection.js';
import { analyticsReports } from './analytics-reports.js';
import { mostReadService } from './most-read.js';
import { analyticsRollup } from './rollup.js';
import { saltStore } from './salt-store.js';
import { viewCounter } from './view-counter.js';
import { viewStore } from './view-store.js';

/**
 * Analytics, wired to one database: the reports, the daily rollup and retention, the "Most
 * read" rails, and the serving process's view counter (made by the server, which knows the proxies and the logger).
 */
export function analyticsService(database: Database, { timeZone, now }: { timeZone: string; now?: () => Date }) {
  return {
    reports: analyticsReports(database, { timeZone, now }),
    rollup: analyticsRollup(database, { timeZone, now }),
    /** The "Most read" rails of the home page and section fronts. */
    mostRead: mostReadService(database, { now }),
    /** A counter for one serving process; start it, hand its `observe` to the listener, stop it last. */
    counter: (options: { trustProxy: string[]; siteUrl?: string; logger?: Logger; maxPending?: number }) =>
      viewCounter({ store: viewStore(database.db), salts: saltStore(database.db), timeZone, now, ...options }),
  };
}

export type AnalyticsService = ReturnType<typeof analyticsService>;
