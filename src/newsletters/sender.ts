import { randomUUID } from 'node:crypto';
import { articleLinkPlaceholder, type ArticleLinkTokens } from './article-links.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { DialectAdapter } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import { PREFERENCES_URL, UNSUBSCRIBE_URL } from '../mail/email-shell.js';
import { compileMessageTemplate } from '../mail/message-template.js';
import { personalise } from '../mail/render.js';
import { addressDomain, bareAddress, isHardBounce, isPermanentSmtpError, type MailMessage, type MailTransport } from '../mail/transport.js';
import type { Newsletter, NewsletterCatalogue } from './catalogue.js';
import { deliveryRecorder, deliveryStore, type ClaimedDelivery } from './delivery-store.js';
import { BLOCKED_BEFORE_DELIVERY } from './issue-store.js';
import { DEFAULT_SEND_CONNECTIONS } from './send-defaults.js';
import type { IssueService } from './issues.js';
import type { SubscriptionService } from './subscriptions.js';
import type { LinkTokens } from './tokens.js';
import { withTrackedLinks, type ClickLinks } from '../analytics/links/click-links.js';

export interface SendProgress {
  issueId: number;
  total: number;
  sent: number;
  failed: number;
  /** Deliveries found in flight from a crashed sender and sent again (all senders). */
  resent: number;
}

export interface SendReport extends SendProgress {
  /** Of `resent`, how many this run re-sent: the possible duplicates of the crash it recovered from. */
  resentByThisRun: number;
  sentByThisRun: number;
  /** True when every delivery is done and the issue is marked sent. */
  finished: boolean;
}


export interface SendOptions {
  /** SMTP connections, each carrying one message at a time: the bound on duplicates after a crash. */
  connections?: number;
  batchSize?: number;
  /** How long a claimed batch stays this sender's without renewal; a dead sender's work is taken over after it. */
  leaseMs?: number;
  retryBaseMs?: number;
  maxAttempts?: number;
  pollMs?: number;
  workerId?: string;
  onProgress?: (progress: SendProgress) => void;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface SenderDeps {
  db: Kysely<DB>;
  dialect: DialectAdapter;
  catalogue: NewsletterCatalogue;
  issues: IssueService;
  subscriptions: SubscriptionService;
  tokens: LinkTokens;
  /** Signs a members-only issue's links per recipient; without it such links carry no token. */
  articleLinks?: ArticleLinkTokens;
  /** Sends the issue's links through the counting redirect; without it they go straight to their pages. */
  clickLinks?: ClickLinks;
  siteUrl: string;
  siteName: string;
  mailFrom: string;
}

type IssueContent = { id: number; subject: string; html: string; text: string; items: string };
type Recipient = { subscriberId: number; email: string };
type MessageDeps = Pick<SenderDeps, 'tokens' | 'articleLinks' | 'siteUrl' | 'siteName' | 'mailFrom'>;

/** A members-only issue's article tokens for one recipient, by placeholder name (without braces); none for other issues. */
function articleLinkValues(deps: MessageDeps, newsletter: Newsletter, issue: IssueContent, subscriberId: number): Record<string, string> {
  if (newsletter.audience !== 'members' || !deps.articleLinks) return {};
  const at = new Date();
  const items = JSON.parse(issue.items) as Array<{ articleId: number }>;
  return Object.fromEntries(items.map((item, n) => [articleLinkPlaceholder(n).slice(2, -2), deps.articleLinks!.make(item.articleId, subscriberId, at)]));
}

function signedLinks(deps: MessageDeps, newsletter: Newsletter, subscriberId: number) {
  const unsubscribeToken = deps.tokens.sign({ purpose: 'unsubscribe', subscriberId, data: String(newsletter.id) });
  const preferencesToken = deps.tokens.sign({ purpose: 'preferences', subscriberId, data: '' });
  return {
    unsubscribeToken,
    unsubscribeUrl: `${deps.siteUrl}/newsletters/unsubscribe/${unsubscribeToken}`,
    preferencesUrl: `${deps.siteUrl}/newsletters/preferences/${preferencesToken}`,
  };
}

/** Everything but the body and the per-recipient parts, which are given as text here. */
function envelopeFields(deps: MessageDeps, newsletter: Newsletter, issue: IssueContent, p: { subscriber: string; unsubscribeUrl: string; unsubscribeToken: string }) {
  const from = bareAddress(deps.mailFrom);
  const domain = addressDomain(from);
  const headerSafe = (s: string) => s.replace(/[\r\n"<>]/g, ' ');
  return {
    from: { name: newsletter.senderName ?? deps.siteName, address: from },
    ...(newsletter.replyTo ? { replyTo: newsletter.replyTo } : {}),
    subject: issue.subject,
    // The same id on a re-sent copy lets mail clients fold the duplicate away.
    messageId: `<issue-${issue.id}.${p.subscriber}@${domain}>`,
    headers: {
      'List-Id': `"${headerSafe(newsletter.name)}" <${newsletter.slug}.${domain}>`,
      'List-Unsubscribe': { prepared: true, value: `<${p.unsubscribeUrl}>, <mailto:${from}?subject=unsubscribe%20${p.unsubscribeToken}>` },
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** One recipient's message composed in full by nodemailer: the path for addresses a header cannot hold as they are. */
export function personalMessage(deps: MessageDeps, newsletter: Newsletter, issue: IssueContent, recipient: Recipient): MailMessage {
  const links = signedLinks(deps, newsletter, recipient.subscriberId);
  const articleValues = Object.entries(articleLinkValues(deps, newsletter, issue, recipient.subscriberId)).map(([name, token]) => [`{{${name}}}`, token]);
  const values = { [UNSUBSCRIBE_URL]: links.unsubscribeUrl, [PREFERENCES_URL]: links.preferencesUrl, ...Object.fromEntries(articleValues) };
  return {
    ...envelopeFields(deps, newsletter, issue, { subscriber: String(recipient.subscriberId), ...links }),
    to: recipient.email,
    html: personalise(issue.html, values, 'html'),
    text: personalise(issue.text, values, 'text'),
  };
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * The issue's MIME message built once; each recipient then costs two HMACs and joining
 * prebuilt bytes. Sent as nodemailer `raw` with an explicit envelope.
 */
export async function issueMessages(deps: MessageDeps, newsletter: Newsletter, issue: IssueContent): Promise<(recipient: Recipient) => MailMessage> {
  const template = await compileMessageTemplate(
    {
    ...envelopeFields(deps, newsletter, issue, { subscriber: '{{subscriber}}', unsubscribeUrl: '{{unsubscribe_url}}', unsubscribeToken: '{{unsubscribe_token}}' }),
    html: issue.html,
    text: issue.text,
    },
    ['subscriber', 'unsubscribe_url', 'unsubscribe_token', 'preferences_url', ...Object.keys(articleLinkValues(deps, newsletter, issue, 0))],
  );
  const from = bareAddress(deps.mailFrom);
  return (recipient) => {
    if (!PRINTABLE_ASCII.test(recipient.email)) return personalMessage(deps, newsletter, issue, recipient);
    const links = signedLinks(deps, newsletter, recipient.subscriberId);
    const raw = template.render({
      to: recipient.email,
      subscriber: String(recipient.subscriberId),
      unsubscribe_url: links.unsubscribeUrl,
      unsubscribe_token: links.unsubscribeToken,
      preferences_url: links.preferencesUrl,
      ...articleLinkValues(deps, newsletter, issue, recipient.subscriberId),
    });
    // The id inside `raw`, given again so that nodemailer does not draw random bytes to make one.
    return { raw, envelope: { from, to: recipient.email }, messageId: `<issue-${issue.id}.${recipient.subscriberId}@${addressDomain(from)}>` };
  };
}

/**
 * Sends (or resumes) one issue's send until every delivery is sent or failed.
 *
 * Each delivery is marked `handed` just before it goes to SMTP and `sent` the moment
 * the server accepts it, one message per connection at a time. A sender that dies
 * leaves at most `connections` deliveries `handed`; whoever takes over its lease sends
 * those again (a rare second copy beats a missed reader) and reports how many.
 */
export async function runSend(issueId: number, transport: MailTransport, deps: SenderDeps, options: SendOptions = {}): Promise<SendReport> {
  const connections = options.connections ?? DEFAULT_SEND_CONNECTIONS;
  const batchSize = options.batchSize ?? Math.max(50, connections * 25);
  const leaseMs = options.leaseMs ?? 60_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const pollMs = options.pollMs ?? Math.min(1000, leaseMs / 4);
  const owner = options.workerId ?? randomUUID();
  // Leases and backoff compare times written by other processes: always the wall clock.
  const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();

  const store = deliveryStore(deps.db, { skipLocked: deps.dialect.supportsSkipLocked });
  const issue = await deps.issues.row(issueId);
  const newsletter = (await deps.catalogue.list()).find((n) => n.id === issue.newsletter_id)!;
  let sentByThisRun = 0;
  let resentByThisRun = 0;

  const progress = async (): Promise<SendProgress> => {
    const c = await deps.issues.progress(issueId);
    return { issueId, total: c.queued + c.handed + c.sent + c.failed, sent: c.sent, failed: c.failed, resent: c.resent };
  };
  if (issue.status !== 'sending') return { ...(await progress()), sentByThisRun, resentByThisRun, finished: issue.status === 'sent' };
  const messageFor = await issueMessages(deps, newsletter, deps.clickLinks ? withTrackedLinks(issue, deps.clickLinks, deps.siteUrl) : issue);

  const queue: ClaimedDelivery[] = [];
  let refilling: Promise<boolean> | undefined;
  let inFlight = 0;
  let done = false;

  /** Claims the next batch; false once nothing is left for anyone. */
  async function refill(): Promise<boolean> {
    for (;;) {
      if (options.signal?.aborted) return false;
      const claimed = await store.claim(issueId, owner, iso(), iso(leaseMs), batchSize);
      if (claimed.length) {
        const blocked = new Set(await store.blocked(claimed.map((d) => d.id), newsletter.id));
        await store.markFailed([...blocked], BLOCKED_BEFORE_DELIVERY);
        queue.push(...claimed.filter((d) => !blocked.has(d.id)));
        if (queue.length) return true;
        continue;
      }
      // A message of ours still in flight may yet come back for a retry.
      if (inFlight === 0 && (await store.pending(issueId, owner)) === 0) return false;
      await sleep(inFlight > 0 ? 10 : pollMs);
    }
  }

  async function next(): Promise<ClaimedDelivery | undefined> {
    while (!queue.length) {
      if (done) return undefined;
      refilling ??= refill().finally(() => (refilling = undefined));
      if (!(await refilling) && !queue.length) {
        done = true;
        return undefined;
      }
    }
    return queue.shift();
  }

  const records = deliveryRecorder(store, owner, () => iso());

  /**
   * Hands `d` to SMTP; returns its id once the server accepted it. The acceptance of the
   * connection's previous message (`accepted`) is recorded in the same write as this hand-over.
   */
  async function deliver(d: ClaimedDelivery, accepted: number | undefined): Promise<number | undefined> {
    const recovered = d.status === 'handed';
    const owned = await records.write({ sent: accepted, handed: { id: d.id, recovered } });
    if (accepted !== undefined) sentByThisRun++;
    if (!owned) return undefined;
    if (recovered) resentByThisRun++;
    try {
      await transport.send(messageFor({ subscriberId: d.subscriber_id, email: d.email }));
      return d.id;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isHardBounce(error)) {
        await deps.subscriptions.suppress(d.email, 'bounce', message);
        await store.markFailed([d.id], message);
      } else if (isPermanentSmtpError(error) || d.attempts + 1 >= maxAttempts) {
        await store.markFailed([d.id], message);
      } else {
        const backoff = retryBaseMs * 2 ** d.attempts * (0.75 + Math.random() / 2);
        await store.markRetry(d.id, message, iso(backoff));
      }
      return undefined;
    }
  }

  async function lane(): Promise<void> {
    let accepted: number | undefined;
    for (;;) {
      // With no next message to pair it with, the acceptance is recorded on its own before any wait.
      if (!queue.length && accepted !== undefined) {
        await records.write({ sent: accepted });
        sentByThisRun++;
        accepted = undefined;
      }
      const d = await next();
      if (!d) return;
      inFlight++;
      try {
        accepted = await deliver(d, accepted);
      } finally {
        inFlight--;
      }
    }
  }

  const renewal = setInterval(() => void store.renew(issueId, owner, iso(leaseMs)).catch(() => undefined), leaseMs / 3);
  const reporter = options.onProgress
    ? setInterval(() => void progress().then(options.onProgress!, () => undefined), options.progressEveryMs ?? 500)
    : undefined;
  try {
    await Promise.all(Array.from({ length: connections }, lane));
  } finally {
    clearInterval(renewal);
    if (reporter) clearInterval(reporter);
    await store.release(queue.splice(0).map((d) => d.id), owner);
  }
  const finished = !options.signal?.aborted && (await deps.issues.finish(issueId) || (await deps.issues.get(issueId))?.status === 'sent');
  const last = await progress();
  options.onProgress?.(last);
  return { ...last, sentByThisRun, resentByThisRun, finished };
}
