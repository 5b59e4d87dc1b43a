import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { fromZod, ValidationError } from '../errors.js';
import { renderConfirmationEmail } from '../mail/confirmation-email.js';
import type { MailTransport } from '../mail/transport.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import { isCurrentMember } from './audience.js';
import type { Newsletter, NewsletterCatalogue } from './catalogue.js';
import { subscriberStore } from './subscriber-store.js';
import type { LinkTokens } from './tokens.js';

export const emailSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'must be an email address such as name@example.org' }).max(254));

export const signupInput = z.object({
  email: emailSchema,
  newsletters: z.array(z.string()).min(1, 'tick at least one newsletter').max(50),
});
export type SignupInput = z.input<typeof signupInput>;

/** One confirmation email per address per hour; later signups join its request. */
export const CONFIRMATION_WINDOW_MS = 60 * 60_000;
/** Signups one client address may make in an hour, whatever addresses it types. */
export const SIGNUPS_PER_CLIENT_PER_HOUR = 20;

export interface SubscriptionDeps {
  db: Kysely<DB>;
  limits: RateLimiter;
  catalogue: NewsletterCatalogue;
  tokens: LinkTokens;
  /** The shared transport for one-off messages; throws when SMTP is not configured. */
  mail: () => MailTransport;
  /** The public address for links in emails; throws when SITE_URL is not configured. */
  siteUrl: () => string;
  siteName: string;
  mailFrom: string;
  now?: () => Date;
  onError?: (error: unknown) => void;
}

export interface PreferenceView {
  email: string;
  newsletters: Array<Newsletter & { subscribed: boolean; pending: boolean }>;
}

/** Input quoted back in a message, cut to a length a page can show. */
const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The newsletters a confirmation link's token stands for: its request (`r<id>`), or ids as older emails carry them. */
const requestId = (data: string) => (/^r[0-9a-z]{1,12}$/.test(data) ? Number.parseInt(data.slice(1), 36) : undefined);

/** How long a failed confirmation email waits before its next try, by attempt. */
const outboxBackoffMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** attempts);

/**
 * Signup with double opt-in, confirmation, the preference page, unsubscribes and
 * the suppression list. Nothing here reveals whether an address was already known.
 */
export function subscriptionService(deps: SubscriptionDeps) {
  const { db, catalogue, tokens } = deps;
  const store = subscriberStore(db);
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const link = (path: string) => `${deps.siteUrl()}${path}`;
  const preferencesUrl = (subscriberId: number) => link(`/newsletters/preferences/${tokens.sign({ purpose: 'preferences', subscriberId, data: '' })}`);

  async function resolveSlugs(slugs: string[]): Promise<Newsletter[]> {
    const all = await catalogue.list();
    const bySlug = new Map(all.map((n) => [n.slug, n]));
    const unknown = slugs.filter((s) => !bySlug.has(s));
    if (unknown.length) {
      // A few, cut short: the page that shows them must not repeat a flood of input.
      throw new ValidationError('Unknown newsletter', unknown.slice(0, 5).map((s) => ({ path: 'newsletter', message: `there is no newsletter "${clip(s)}"` })));
    }
    return [...new Set(slugs)].map((s) => bySlug.get(s)!);
  }

  /**
   * A members-only newsletter is taken only by a current member. The public form never takes
   * one: answering by membership there would tell anyone whether an address is a member's.
   */
  function refuseMembersOnly(newsletters: Newsletter[]): void {
    const closed = newsletters.filter((n) => n.audience === 'members');
    if (closed.length) throw new ValidationError('Members-only newsletter', closed.map((n) => ({ path: 'newsletter', message: `${n.name} is for members: sign in and choose it on your account page` })));
  }

  /** The newsletters a subscriber may see and choose: members-only ones for members, or for whoever already has them. */
  async function open(subscriberId: number, all: Newsletter[], has: (n: Newsletter) => boolean): Promise<Newsletter[]> {
    if (!all.some((n) => n.audience === 'members' && !has(n))) return all;
    const member = await isCurrentMember(db, subscriberId, new Date(now()));
    return all.filter((n) => n.audience !== 'members' || member || has(n));
  }

  /** Sends one confirmation from the outbox; a failure stays queued for `retryOutbox`. */
  async function sendOutboxEntry(id: number): Promise<boolean> {
    const entry = await store.outboxEntry(id);
    if (!entry) return true;
    const at = now();
    try {
      const subscriber = await store.findSubscriber(entry.subscriber_id);
      if (!subscriber || (await store.isSuppressed(subscriber.email))) {
        await store.markOutboxSent(id, at);
        return true;
      }
      const ids = (JSON.parse(entry.payload) as { newsletterIds: number[] }).newsletterIds;
      const chosen = (await catalogue.list()).filter((n) => ids.includes(n.id));
      const confirmToken = tokens.sign({ purpose: 'confirm', subscriberId: subscriber.id, data: `r${id.toString(36)}` });
      const message = await renderConfirmationEmail({
        siteName: deps.siteName,
        newsletters: chosen,
        confirmUrl: link(`/newsletters/confirm/${confirmToken}`),
        preferencesUrl: preferencesUrl(subscriber.id),
      });
      await deps.mail().send({ from: deps.mailFrom, to: subscriber.email, subject: message.subject, html: message.html, text: message.text });
      await store.markOutboxSent(id, now());
      return true;
    } catch (error) {
      deps.onError?.(error);
      await store.markOutboxFailed(id, error instanceof Error ? error.message : String(error), new Date(Date.parse(at) + outboxBackoffMs(entry.attempts)).toISOString());
      return false;
    }
  }

  /** The subscriber and newsletter ids a genuine confirmation link stands for. */
  async function confirmationClaims(token: string): Promise<{ subscriberId: number; ids: number[] } | undefined> {
    const claims = tokens.verify(token, 'confirm');
    if (!claims) return undefined;
    const request = requestId(claims.data);
    if (request === undefined) return { subscriberId: claims.subscriberId, ids: claims.data.split('-').map(Number).filter(Number.isInteger) };
    const entry = await store.confirmationRequest(request);
    if (!entry || entry.subscriber_id !== claims.subscriberId) return undefined;
    return { subscriberId: claims.subscriberId, ids: (JSON.parse(entry.payload) as { newsletterIds: number[] }).newsletterIds };
  }

  async function preferences(token: string): Promise<PreferenceView | undefined> {
    const claims = tokens.verify(token, 'preferences');
    const subscriber = claims && (await store.findSubscriber(claims.subscriberId));
    if (!subscriber) return undefined;
    const status = new Map((await store.subscriptionsOf(subscriber.id)).map((s) => [s.newsletter_id, s.status]));
    return {
      email: subscriber.email,
      newsletters: (await open(subscriber.id, await catalogue.list(), (n) => status.get(n.id) === 'active')).map((n) => ({ ...n, subscribed: status.get(n.id) === 'active', pending: status.get(n.id) === 'pending' })),
    };
  }

  return {
    /**
     * Stores the signup as pending (durable once this returns) and mails one
     * confirmation listing the chosen newsletters. Within an hour of that email, more
     * signups for the address join its request (its link confirms them too) and send
     * nothing, so a form cannot be used to flood an inbox; `clientAddress` is limited to
     * a few signups an hour. Answers the same way whether or not the address was known.
     * `sourceArticleId` is the article whose signup box it came from, for the newsroom's analytics.
     */
    async signup(input: SignupInput, from: { clientAddress?: string; sourceArticleId?: number } = {}): Promise<void> {
      if (from.clientAddress) {
        await deps.limits.hit(
          [{ key: `signup-client:${from.clientAddress}`, max: SIGNUPS_PER_CLIENT_PER_HOUR, windowMs: 60 * 60_000 }],
          'Too many signups from your network',
        );
      }
      const parsed = signupInput.safeParse(input);
      if (!parsed.success) throw fromZod('Please check the form', parsed.error);
      const resolved = await resolveSlugs(parsed.data.newsletters);
      refuseMembersOnly(resolved);
      const chosen = resolved.map((n) => n.id);
      const at = now();
      const outboxId = await inTransaction(db, async (trx) => {
        const s = subscriberStore(trx);
        const subscriberId = await s.claimSubscriber(parsed.data.email, at);
        await s.request(subscriberId, chosen, at, from.sourceArticleId);
        const open = await s.latestConfirmation(subscriberId, new Date(Date.parse(at) - CONFIRMATION_WINDOW_MS).toISOString());
        if (!open) return (await s.addOutbox(subscriberId, { newsletterIds: chosen }, at)).id;
        const asked = (JSON.parse(open.payload) as { newsletterIds: number[] }).newsletterIds;
        await s.setOutboxPayload(open.id, { newsletterIds: [...new Set([...asked, ...chosen])] });
        return undefined;
      });
      if (outboxId !== undefined) await sendOutboxEntry(outboxId);
    },

    /** What a confirmation link would confirm, changing nothing: the GET page shows it behind a button. */
    async confirmation(token: string): Promise<{ email: string; newsletters: Newsletter[] } | undefined> {
      const claims = await confirmationClaims(token);
      const subscriber = claims && (await store.findSubscriber(claims.subscriberId));
      if (!subscriber) return undefined;
      const { ids } = claims;
      return { email: subscriber.email, newsletters: (await catalogue.list()).filter((n) => ids.includes(n.id)) };
    },

    /** Confirms every newsletter the link's request holds; undefined for a bad link. */
    async confirm(token: string): Promise<{ email: string; newsletters: Newsletter[]; preferencesToken: string } | undefined> {
      const claims = await confirmationClaims(token);
      if (!claims) return undefined;
      const subscriber = await store.findSubscriber(claims.subscriberId);
      if (!subscriber) return undefined;
      const { ids } = claims;
      await store.confirm(subscriber.id, ids, now());
      const active = new Set((await store.subscriptionsOf(subscriber.id)).filter((s) => s.status === 'active').map((s) => s.newsletter_id));
      const newsletters = (await catalogue.list()).filter((n) => ids.includes(n.id) && active.has(n.id));
      return { email: subscriber.email, newsletters, preferencesToken: tokens.sign({ purpose: 'preferences', subscriberId: subscriber.id, data: '' }) };
    },

    preferences,

    /** Makes the ticked newsletters exactly the ones received; `[]` leaves them all. */
    async updatePreferences(token: string, slugs: string[]): Promise<PreferenceView | undefined> {
      const claims = tokens.verify(token, 'preferences');
      const subscriber = claims && (await store.findSubscriber(claims.subscriberId));
      if (!subscriber) return undefined;
      const wanted = await resolveSlugs(slugs);
      const all = await catalogue.list();
      const had = new Set((await store.subscriptionsOf(subscriber.id)).filter((s) => s.status === 'active').map((s) => s.newsletter_id));
      const allowed = new Set((await open(subscriber.id, all, (n) => had.has(n.id))).map((n) => n.id));
      refuseMembersOnly(wanted.filter((n) => !allowed.has(n.id)));
      const at = now();
      await inTransaction(db, async (trx) => {
        const s = subscriberStore(trx);
        await s.setStatus(subscriber.id, wanted.map((n) => n.id), 'active', at);
        await s.setStatus(subscriber.id, all.filter((n) => !wanted.some((w) => w.id === n.id)).map((n) => n.id), 'unsubscribed', at);
      });
      return preferences(token);
    },

    /** RFC 8058 one-click: leaves the one newsletter the email came from. */
    async unsubscribe(token: string): Promise<{ email: string; newsletter: Newsletter | undefined; preferencesToken: string } | undefined> {
      const claims = tokens.verify(token, 'unsubscribe');
      const subscriber = claims && (await store.findSubscriber(claims.subscriberId));
      if (!subscriber) return undefined;
      const newsletterId = Number(claims.data);
      await store.setStatus(subscriber.id, [newsletterId], 'unsubscribed', now());
      const newsletter = (await catalogue.list()).find((n) => n.id === newsletterId);
      return { email: subscriber.email, newsletter, preferencesToken: tokens.sign({ purpose: 'preferences', subscriberId: subscriber.id, data: '' }) };
    },

    /** A hard bounce, complaint or manual block: no send reaches the address again. */
    async suppress(email: string, reason: 'bounce' | 'complaint' | 'manual', detail = ''): Promise<string> {
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) throw fromZod('Invalid address', parsed.error);
      await store.suppress(parsed.data, reason, detail.slice(0, 500), now());
      return parsed.data;
    },

    isSuppressed: (email: string) => store.isSuppressed(email.trim().toLowerCase()),

    /**
     * Adds already-consented addresses to a newsletter as active, in one transaction:
     * any bad line rejects the whole file, naming the line.
     */
    async importSubscribers(slug: string, emails: string[]): Promise<{ added: number; alreadySubscribed: number; suppressed: number }> {
      const [newsletter] = await resolveSlugs([slug]);
      const problems: Array<{ path: string; message: string }> = [];
      const parsed = emails.map((e, i) => {
        const r = emailSchema.safeParse(e);
        if (!r.success) problems.push({ path: `line ${i + 1}`, message: `"${clip(e)}" is not an email address` });
        return r.data ?? '';
      });
      if (problems.length) throw new ValidationError('The subscriber list has bad lines', problems.slice(0, 20));
      const at = now();
      return inTransaction(db, async (trx) => {
        const s = subscriberStore(trx);
        let added = 0;
        let alreadySubscribed = 0;
        let suppressed = 0;
        for (const email of new Set(parsed)) {
          if (await s.isSuppressed(email)) {
            suppressed++;
            continue;
          }
          const id = await s.upsertSubscriber(email, at);
          if (await s.setStatus(id, [newsletter!.id], 'active', at)) added++;
          else alreadySubscribed++;
        }
        return { added, alreadySubscribed, suppressed };
      });
    },

    activeCounts: () => store.activeCounts(),

    /** Retries confirmation emails that could not be sent at signup time. */
    async retryOutbox(limit = 100): Promise<{ sent: number; failed: number }> {
      let sent = 0;
      let failed = 0;
      for (const entry of await store.dueOutbox(now(), limit)) {
        if (await sendOutboxEntry(entry.id)) sent++;
        else failed++;
      }
      return { sent, failed };
    },
  };
}

export type SubscriptionService = ReturnType<typeof subscriptionService>;
