import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import { startScheduler } from './jobs/scheduler.js';
import { cachedServer } from './site/cache/node-server.js';
import { RenderCache } from './site/cache/render-cache.js';
import { newsletterJobs } from './newsletters/jobs.js';
import type { Runtime } from './runtime.js';

/** Serves the site and runs the background jobs until `stop` is called. */
export function startServer(runtime: Runtime): Promise<{ server: ServerType; url: string; stop: () => Promise<void> }> {
  const { config, services, logger } = runtime;
  const renderCache = new RenderCache();
  const app = createApp({ services, config, logger, renderCache });
  // Changes made by other processes (the command line, a second server) reach this cache too.
  const follower = services.changes.follow({ logger });
  const stopJobs = startScheduler(
    [
      { name: 'publish-scheduled', pattern: '*/15 * * * * *', run: () => services.articles.publishDue(), runAtStart: true },
      // A pin past its expiry leaves the cached fronts that show it (through the change feed, in every process).
      { name: 'expire-front-pins', pattern: '*/15 * * * * *', run: () => services.fronts.expireDue(), runAtStart: true },
      // A newsroom that grows a little every day would otherwise keep the statistics of its first week.
      { name: 'refresh-statistics', pattern: '0 30 4 * * *', run: () => services.database.refreshStatistics() },
      { name: 'prune-content-changes', pattern: '0 */10 * * * *', run: () => services.changes.prune() },
      // Limit windows last an hour at most; a day of counts is kept for looking into abuse.
      { name: 'prune-rate-limits', pattern: '0 15 * * * *', run: () => services.limits.prune(86_400_000) },
      // /support's goal counts members and donors again; a changed count drops the cached /support.
      { name: 'supporter-goal', pattern: '0 * * * * *', run: () => services.supporterGoal.refresh().then(() => undefined) },
      // "Remind me later": the reminders now due, each sent once.
      ...(config.smtpUrl ? [{ name: 'ask-reminders', pattern: '30 * * * * *', run: () => services.askReminders.sendDue().then((n) => n || undefined) }] : []),
      ...newsletterJobs(services, config, logger),
    ],
    logger,
  );
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, createServer: cachedServer(renderCache, { renders: services.database.dialect.queriesOnEventLoop ? 4 : 16 }) }, (info) => {
      const url = `http://${config.host}:${info.port}`;
      logger.info({ url }, 'Broadsheet is serving');
      resolve({
        server,
        url,
        stop: () =>
          new Promise<void>((done) => {
            stopJobs();
            server.close(() => done());
          })
            .then(() => follower.stop())
            // Reset emails handed off after their answer are sent before the process goes.
            .then(() => services.accounts.settled()),
      });
    });
  });
}
