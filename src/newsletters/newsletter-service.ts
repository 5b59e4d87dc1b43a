import { randomBytes } from 'node:crypto';
import { articleLinkTokens } from './article-links.js';
import type { Config } from '../config.js';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { TaxonomyService } from '../content/taxonomy.js';
import type { Database } from '../db/connection.js';
import { emailLinkBase } from '../mail/site-url.js';
import { PREFERENCES_URL, UNSUBSCRIBE_URL } from '../mail/email-shell.js';
import { personalise } from '../mail/render.js';
import { createBulkTransport } from '../mail/bulk-transport.js';
import { bareAddress, createMailTransport, type MailTransport } from '../mail/transport.js';
import { rateLimiter, type RateLimiter } from '../limits/rate-limiter.js';
import { newsletterCatalogue } from './catalogue.js';
import { issueService } from './issues.js';
import { DEFAULT_SEND_CONNECTIONS } from './send-defaults.js';
import { runSend, type SendOptions, type SendReport } from './sender.js';
import { handleUnsubscribeMail } from './inbound.js';
import { subscriptionService } from './subscriptions.js';
import { linkTokens } from './tokens.js';
import { clickLinks as makeClickLinks } from '../analytics/links/click-links.js';

/** Test sends one person may make in an hour. */
export const TEST_SENDS_PER_HOUR = 10;

export type NewsletterConfig = Pick<Config, 'timeZone'> & Partial<Pick<Config, 'siteUrl' | 'siteUrlDerived' | 'siteName' | 'secretKey' | 'smtpUrl' | 'mailFrom'>>;

export interface NewsletterServiceDeps {
  events: ContentEvents;
  articles: ArticleService;
  taxonomy: TaxonomyService;
  /** The shared request limits (services.limits); one over the same table otherwise. */
  limits?: RateLimiter;
  now?: () => Date;
}

/**
 * Everything newsletters: the catalogue (list/find/add/edit, as the signup box needs
 * it), subscriptions, issues and sending. Without a configured SECRET_KEY (tests,
 * scripts) links are signed with a key that lives as long as the process. Anything that
 * puts links in an email (composing an issue, sending, a confirmation) needs SITE_URL.
 */
export function newsletterService(database: Database, config: NewsletterConfig, deps: NewsletterServiceDeps) {
  const { db } = database;
  const siteUrl = emailLinkBase(config);
  const siteName = config.siteName ?? 'The Meridian';
  const mailFrom = config.mailFrom ?? `${siteName} <newsletters@localhost>`;
  const secret = config.secretKey ?? randomBytes(32).toString('hex');
  const tokens = linkTokens(secret);
  const articleLinks = articleLinkTokens(secret);
  const clickLinks = makeClickLinks(secret);
  const catalogue = newsletterCatalogue(db, deps.events, deps.now);

  let oneOff: MailTransport | undefined;
  const mail = () => (oneOff ??= createMailTransport(config.smtpUrl, { pooled: false }));

  const limits = deps.limits ?? rateLimiter(db, deps.now);
  const subscriptions = subscriptionService({ db, limits, catalogue, tokens, mail, siteUrl, siteName, mailFrom, now: deps.now });
  const issues = issueService({
    db,
    catalogue,
    articles: deps.articles,
    taxonomy: deps.taxonomy,
    events: deps.events,
    timeZone: config.timeZone,
    siteUrl,
    siteName,
    now: deps.now,
  });
  /** Sends or resumes one issue over its own pool of SMTP connections. */
  async function send(issueId: number, options: SendOptions = {}): Promise<SendReport> {
    const senderDeps = { db, dialect: database.dialect, catalogue, issues, subscriptions, tokens, articleLinks, clickLinks, siteUrl: siteUrl(), siteName, mailFrom };
    const transport = createBulkTransport(config.smtpUrl, { connections: options.connections ?? DEFAULT_SEND_CONNECTIONS });
    try {
      return await runSend(issueId, transport, senderDeps, options);
    } finally {
      transport.close();
    }
  }

  return {
    ...catalogue,
    subscriptions,
    issues,
    tokens,
    /** Signs the click redirects a sent issue's links go through (src/analytics/links). */
    clickLinks,
    /** The base of links in emails; throws SiteUrlNotConfiguredError without SITE_URL, so a command can refuse before it starts. */
    emailLinkBase: siteUrl,

    send,

    /**
     * The next issue as it would be composed now, sent only to `to` (an editor's own address)
     * with "[Test]" before its subject. Nothing is recorded as an issue or a delivery; each
     * person may send a few an hour, so it cannot be turned on anyone's inbox.
     */
    async sendTest(slug: string, to: { email: string; userId: number }) {
      await limits.hit([{ key: `newsletter-test:${to.userId}`, max: TEST_SENDS_PER_HOUR, windowMs: 3_600_000 }], 'Too many test sends');
      const preview = await issues.previewNext(slug);
      const site = siteUrl();
      // A test reader is no subscriber: their links lead to the signup page instead of signed ones.
      const links = { [PREFERENCES_URL]: `${site}/newsletters`, [UNSUBSCRIBE_URL]: `${site}/newsletters` };
      const subject = `[Test] ${preview.subject}`;
      await mail().send({
        from: { name: preview.newsletter.senderName ?? siteName, address: bareAddress(mailFrom) },
        ...(preview.newsletter.replyTo ? { replyTo: preview.newsletter.replyTo } : {}),
        to: to.email,
        subject,
        html: personalise(preview.html, links, 'html'),
        text: personalise(preview.text, links, 'text'),
      });
      return { to: to.email, subject, items: preview.items };
    },

    /** An emailed unsubscribe request (the List-Unsubscribe mailto), as raw RFC 5322 bytes. */
    inbound: (raw: Buffer | string) => handleUnsubscribeMail(subscriptions, raw),

    /** Resumes every send in progress (after a restart, or started by the composer). */
    async sendPending(options: SendOptions = {}): Promise<SendReport[]> {
      const reports: SendReport[] = [];
      for (const issue of await issues.sending()) reports.push(await send(issue.id, options));
      return reports;
    },
  };
}

export type NewsletterService = ReturnType<typeof newsletterService>;
