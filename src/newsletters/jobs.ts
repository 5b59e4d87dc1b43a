import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Job } from '../jobs/scheduler.js';
import type { Services } from '../services.js';

/**
 * Background work for newsletters: compose issues when their slots come round, retry
 * confirmation emails, and carry sends to the end (resuming any a restart cut short).
 * Without SMTP_URL, issues are still composed and wait for a configured sender. Without
 * SITE_URL nothing is composed or sent (their links would point at this machine), and the
 * log says so once.
 */
export function newsletterJobs(services: Services, config: Pick<Config, 'smtpUrl' | 'siteUrlDerived'>, logger?: Logger): Job[] {
  const { newsletters } = services;
  try {
    newsletters.emailLinkBase();
  } catch (error) {
    logger?.warn(`Newsletters are not composed or sent: ${(error as Error).message}`);
    return [];
  }
  const jobs: Job[] = [{ name: 'newsletter-compose', pattern: '0 * * * * *', run: async () => (await newsletters.issues.composeDue()).length || undefined }];
  if (config.smtpUrl) {
    jobs.push(
      {
        name: 'newsletter-send',
        pattern: '*/10 * * * * *',
        // Every process sends at once: they share each send out by claiming batches of deliveries.
        everyProcess: true,
        // At shutdown the batch in hand is sent and recorded; the rest waits for another process or the restart.
        run: async (signal) => {
          const worked = (await newsletters.sendPending({ signal })).filter((r) => r.sentByThisRun > 0);
          return worked.length ? worked : undefined;
        },
      },
      { name: 'newsletter-confirmations', pattern: '30 * * * * *', run: async () => (await newsletters.subscriptions.retryOutbox()).sent || undefined },
    );
  }
  return jobs;
}
