import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { localJobLock, postgresJobLock } from './cluster/job-lock.js';
import { postgresNotifySignal } from './cluster/notify-signal.js';
import { claimSqliteServer } from './cluster/sqlite-server-lock.js';
import { startScheduler } from './jobs/scheduler.js';
import { createMetrics } from './metrics/metrics.js';
import { cachedServer } from './site/cache/node-server.js';
import { RenderCache } from './site/cache/render-cache.js';
import { MOST_READ_TAG } from './analytics/most-read.js';
import { newsletterJobs } from './newsletters/jobs.js';
import type { Runtime } from './runtime.js';
import { startDeliveries } from './webhooks/delivery-thread.js';

/**
 * Serves the site and runs the background jobs until `stop` is called. On PostgreSQL, other
 * processes' changes arrive by NOTIFY and each job runs in one process of the cluster at a
 * time; on SQLite, a second server on the same file is refused. `stop` is the graceful half
 * of a shutdown: no new connections, in-flight requests answered, jobs wound up (a newsletter
 * send records the batch it holds), locks released; the caller then closes the database.
 */
export function startServer(runtime: Runtime): Promise<{ server: ServerType; url: string; stop: () => Promise<void> }> {
  const { config, services, logger } = runtime;
  const postgres = services.database.dialect.name === 'postgres';
  const releaseSqlite = postgres ? () => {} : claimSqliteServer(config.dataDir);
  const renderCache = new RenderCache();
  // A listener that was away may have missed changes: whatever it cached may be stale.
  const signal = postgres ? postgresNotifySignal(config.databaseUrl, { logger, ownOrigin: services.events.origin, onReconnect: () => renderCache.clear() }) : undefined;
  const listening = signal && (() => signal.listening);
  const metrics = createMetrics({ renderCache, database: services.database, listening });
  const app = createApp({ services, config, logger, renderCache, metrics, listening });
  // Changes made by other processes (the command line, a second server) reach this cache too.
  const follower = services.changes.follow({ logger, signal });
  const jobLock = postgres ? postgresJobLock(config.databaseUrl, logger) : localJobLock;
  const scheduler = startScheduler(
    [
      { name: 'publish-scheduled', pattern: '*/15 * * * * *', run: () => services.articles.publishDue(), runAtStart: true },
      // A pin past its expiry leaves the cached fronts that show it (through the change feed, in every process).
      { name: 'expire-front-pins', pattern: '*/15 * * * * *', run: () => services.fronts.expireDue(), runAtStart: true },
      // A newsroom that grows a little every day would otherwise keep the statistics of its first week.
      { name: 'refresh-statistics', pattern: '0 30 4 * * *', run: () => services.database.refreshStatistics() },
      { name: 'prune-content-changes', pattern: '0 */10 * * * *', run: () => services.changes.prune() },
      // Search rows from before migration 044, or from `db copy`, get their word pairs; quoted phrases use them once all have.
      { name: 'search-pairs', pattern: '0 */10 * * * *', run: (signal) => services.search.fillWordPairs(signal).then((n) => n || undefined), runAtStart: true },
      // Limit windows last an hour at most; a day of counts is kept for looking into abuse.
      { name: 'prune-rate-limits', pattern: '0 15 * * * *', run: () => services.limits.prune(86_400_000) },
      // /support's goal counts members and donors again; a changed count drops the cached /support.
      { name: 'supporter-goal', pattern: '0 * * * * *', run: () => services.supporterGoal.refresh().then(() => undefined) },
      // "Remind me later": the reminders now due, each sent once.
      ...(config.smtpUrl ? [{ name: 'ask-reminders', pattern: '30 * * * * *', run: () => services.askReminders.sendDue().then((n) => n || undefined) }] : []),
      ...newsletterJobs(services, config, logger),
      // Completed days rolled up, raw views past their 30 days deleted, the salts of days gone by destroyed.
      { name: 'analytics-rollup', pattern: '0 */10 * * * *', run: () => services.analytics.rollup.run().then((r) => (r.rolledUp.length || r.deleted ? r : undefined)), runAtStart: true },
    ],
    logger,
    { lock: jobLock, onRun: (job, outcome) => metrics.job(job, outcome) },
  );
  // Webhook deliveries and fediverse follows, fan-outs and deliveries go out from every serving process (a lease
  // gives each message to one of them), from a thread of its own, so editors' requests never wait behind them.
  const deliveries = startDeliveries(runtime);
  // Reader page views are counted in the listener and written every few seconds (the last ones on stop).
  const views = config.analytics ? services.analytics.counter({ trustProxy: config.trustProxy, siteUrl: config.siteUrl, logger }) : undefined;
  views?.start();
  // Newsletter link clicks are counted the same way: in memory, written every few seconds.
  services.linkClicks.start();
  // The "Most read" rails are loaded again every few minutes; the fronts showing them go only when a list changed.
  const stopMostRead = services.analytics.mostRead.follow(() => renderCache.invalidate([MOST_READ_TAG]));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, createServer: cachedServer(renderCache, { renders: services.database.dialect.queriesOnEventLoop ? 4 : 16, observer: metrics, countView: views?.observe }) }, (info) => {
      const url = `http://${config.host}:${info.port}`;
      logger.info({ url }, 'Broadsheet is serving');
      resolve({
        server,
        url,
        stop: async () => {
          await Promise.all([closeServer(server), scheduler.stop()]);
          await views?.stop();
          await services.linkClicks.stop();
          stopMostRead();
          // Events the last requests caused are queued (the next server sends them); the batch in hand is finished.
          await services.webhooks.queued();
          await services.fediverse.queued();
          await deliveries.stop();
          await follower.stop();
          await Promise.all([signal?.close(), jobLock.close()]);
          // Reset emails handed off after their answer are sent before the process goes.
          await services.accounts.settled();
          releaseSqlite();
        },
      });
    });
  });
}

/**
 * Stops accepting connections and resolves once every request in flight is answered. Keep-alive
 * connections are closed as soon as they fall idle, so a browser's open socket holds nothing up.
 */
function closeServer(server: ServerType): Promise<void> {
  const http = server as import('node:http').Server;
  return new Promise((done) => {
    const idle = setInterval(() => http.closeIdleConnections(), 100);
    http.close(() => {
      clearInterval(idle);
      done();
    });
    http.closeIdleConnections();
  });
}
