import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { fromZod } from '../errors.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import { createMailTransport } from '../mail/transport.js';
import { emailLinkBase } from '../mail/site-url.js';
import type { Config } from '../config.js';
import { renderReminderEmail } from './reminder-email.js';

/** How long after asking the reminder goes out. */
export const REMIND_AFTER_DAYS = 30;
const DAY = 86_400_000;
/** Requests from one network an hour: enough for a household, too few to mail-bomb strangers. */
const REMINDERS_PER_CLIENT_PER_HOUR = 5;
/** Reminders sent in one run of the job; the rest wait for the next minute. */
const BATCH = 200;

const reminderInput = z.object({ email: z.email('must be an email address').trim().toLowerCase().max(254, 'must be at most 254 characters') });

export interface ReminderDeps {
  limits: RateLimiter;
  /** The calendar month (`YYYY-MM`, the site's zone) it is now. */
  currentMonth: () => string;
  now?: () => Date;
  logger?: Logger;
}

/**
 * "Remind me later": a reader leaves an address on an ask and gets one email a month later. One
 * row per address per month, so asking twice sends one reminder; an address that unsubscribed,
 * bounced or complained (the newsletters' suppressions) is never written to, and the address
 * joins no list.
 */
export function askReminders(db: Kysely<DB>, config: Partial<Pick<Config, 'smtpUrl' | 'mailFrom' | 'siteName' | 'siteUrl' | 'siteUrlDerived'>>, deps: ReminderDeps) {
  const clock = deps.now ?? (() => new Date());
  const siteName = config.siteName ?? 'The Meridian';
  const mailFrom = config.mailFrom ?? `${siteName} <newsletters@localhost>`;
  const linkBase = emailLinkBase(config);

  return {
    async request(email: string, from: { clientAddress?: string } = {}): Promise<{ dueAt: string }> {
      if (from.clientAddress) {
        await deps.limits.hit([{ key: `ask-remind-client:${from.clientAddress}`, max: REMINDERS_PER_CLIENT_PER_HOUR, windowMs: 3_600_000 }], 'Too many reminders asked from your network');
      }
      const parsed = reminderInput.safeParse({ email });
      if (!parsed.success) throw fromZod('Please check the address', parsed.error);
      const at = clock();
      const dueAt = new Date(at.getTime() + REMIND_AFTER_DAYS * DAY).toISOString();
      await db
        .insertInto('ask_reminders')
        .values({ email: parsed.data.email, month: deps.currentMonth(), due_at: dueAt, sent_at: null, created_at: at.toISOString() })
        .onConflict((oc) => oc.columns(['email', 'month']).doNothing())
        .execute();
      return { dueAt };
    },

    /** Sends the reminders now due (the job, each minute); each once, even when two processes run it. */
    async sendDue(): Promise<number> {
      const at = clock().toISOString();
      const due = await db
        .selectFrom('ask_reminders')
        .select(['id', 'email', 'created_at'])
        .where('sent_at', 'is', null)
        .where('due_at', '<=', at)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('suppressions').select('email').whereRef('suppressions.email', '=', 'ask_reminders.email'))))
        .orderBy('due_at')
        .limit(BATCH)
        .execute();
      if (!due.length) return 0;
      const mail = createMailTransport(config.smtpUrl, { pooled: false });
      let sent = 0;
      try {
        for (const reminder of due) {
          // Claimed before sending: a second process (or a retry after a crash) never sends it again.
          const claimed = await db.updateTable('ask_reminders').set({ sent_at: at }).where('id', '=', reminder.id).where('sent_at', 'is', null).executeTakeFirst();
          if (Number(claimed.numUpdatedRows) !== 1) continue;
          const message = await renderReminderEmail({ siteName, supportUrl: `${linkBase()}/support`, askedAt: reminder.created_at });
          try {
            await mail.send({ from: mailFrom, to: reminder.email, subject: message.subject, html: message.html, text: message.text });
            sent++;
          } catch (error) {
            // One try only: a reminder is a courtesy, and a retry loop could mail someone twice.
            deps.logger?.warn({ err: error }, 'an ask reminder could not be sent');
          }
        }
      } finally {
        mail.close();
      }
      return sent;
    },
  };
}

export type AskReminders = ReturnType<typeof askReminders>;
