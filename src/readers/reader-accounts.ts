import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { pino, type Logger } from 'pino';
import { z } from 'zod';
import { backgroundTasks } from '../accounts/background-tasks.js';
import { newToken, tokenHash } from '../accounts/tokens.js';
import type { Config } from '../config.js';
import type { ContentEvents } from '../content/events.js';
import { isSitePath } from '../content/urls.js';
import type { DB } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { fromZod, GoneError } from '../errors.js';
import { rateLimiter, type RateLimiter } from '../limits/rate-limiter.js';
import { emailLinkBase } from '../mail/site-url.js';
import { createMailTransport } from '../mail/transport.js';
import { emailSchema } from '../newsletters/subscriptions.js';
import type { LinkTokens } from '../newsletters/tokens.js';
import { readerCookie } from './reader-cookie.js';
import { readerStore } from './reader-store.js';
import { renderSignInEmail } from './sign-in-email.js';

/** A sign-in link works once, within this time. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
/** A reader stays signed in this long on one device. */
export const READER_SESSION_TTL_MS = 60 * 24 * 3_600_000;
/**
 * How long one process trusts what it last read of a session. The reader site asks on every
 * page; a session ended elsewhere (another process, a deleted account) stops working within this.
 */
export const SESSION_CACHE_MS = 5_000;
/** Sign-in emails per address and requests per client address, per hour. */
export const signInLimits = { perAddress: 5, perClient: 20 };

const HOUR = 3_600_000;
const CACHE_ENTRIES = 10_000;

/** A used, expired or unknown sign-in link; says what to do next. */
export class SignInLinkError extends GoneError {
  override name = 'SignInLinkError';
  constructor() {
    super('This sign-in link has been used or has expired: ask for a new one');
  }
}

const nameInput = z.string().trim().max(100, 'must be at most 100 characters');

/** Who a reader cookie belongs to, as the reader site needs it. */
export interface ReaderIdentity {
  readerId: number;
  email: string;
}

/** A signed-in reader's session: who, and the token its forms echo back. */
export interface ReaderSession extends ReaderIdentity {
  csrfToken: string;
}

export type ReaderAccountConfig = Pick<Config, 'timeZone'> &
  Partial<Pick<Config, 'siteUrl' | 'siteUrlDerived' | 'siteName' | 'secretKey' | 'smtpUrl' | 'mailFrom'>> & { logger?: Logger };

export interface ReaderAccountDeps {
  /** The newsletters' signed links, so that /account edits preferences through the one preferences service. */
  linkTokens: LinkTokens;
  limits?: RateLimiter;
  now?: () => Date;
  /** Told when a new reader signs up (webhooks' member.created). */
  events?: Pick<ContentEvents, 'happened'>;
}

/**
 * Reader accounts: passwordless sign-in by emailed link, reader sessions and their cookie,
 * the account's name, its data download and its deletion. A reader is a `subscribers` row,
 * so a confirmed newsletter subscriber who signs in claims the same record.
 */
export function readerAccountService(db: Kysely<DB>, config: ReaderAccountConfig, deps: ReaderAccountDeps) {
  const store = readerStore(db);
  const clock = deps.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const limits = deps.limits ?? rateLimiter(db, clock);
  const logger = config.logger ?? pino({ level: 'silent' });
  const background = backgroundTasks((error) => logger.error({ err: error }, 'sign-in email failed'));
  const linkBase = emailLinkBase(config);
  const siteName = config.siteName ?? 'The Meridian';
  const mailFrom = config.mailFrom ?? `${siteName} <newsletters@localhost>`;
  const cookie = readerCookie(config.siteUrl ?? 'http://localhost', config.secretKey ?? randomBytes(32).toString('hex'));
  const beforeDelete: Array<(readerId: number) => Promise<void>> = [];

  // Cookie value → what it meant when last read, for SESSION_CACHE_MS. Only values whose HMAC
  // holds are kept, so forged cookies neither fill the map nor reach the database.
  const cache = new Map<string, { session: ReaderSession | null; until: number }>();
  const forget = (match: (s: ReaderSession) => boolean) => {
    for (const [key, entry] of cache) if (entry.session && match(entry.session)) cache.delete(key);
  };

  async function sendLink(email: string, next: string | undefined): Promise<void> {
    const at = now();
    const { id: readerId, created } = await store.upsertReader(email, at);
    if (created) deps.events?.happened({ type: 'member.created', readerId });
    const token = newToken();
    await store.addLink(readerId, tokenHash(token), new Date(Date.parse(at) + SIGN_IN_LINK_TTL_MS).toISOString(), at);
    const message = await renderSignInEmail({ siteName, signInUrl: `${linkBase()}/account/sign-in/${token}${next ? `?next=${encodeURIComponent(next)}` : ''}` });
    const mail = createMailTransport(config.smtpUrl, { pooled: false });
    try {
      await mail.send({ from: mailFrom, to: email, subject: message.subject, html: message.html, text: message.text });
    } finally {
      mail.close();
    }
  }

  async function session(cookieHeader: string | undefined): Promise<ReaderSession | null> {
    const value = cookie.read(cookieHeader);
    if (!value) return null;
    const t = clock().getTime();
    const cached = cache.get(value);
    if (cached && cached.until > t) return cached.session;
    const token = cookie.open(value);
    if (!token) return null;
    const row = await store.liveSession(tokenHash(token), new Date(t).toISOString());
    const found = row ? { readerId: row.readerId, email: row.email, csrfToken: row.csrfToken } : null;
    if (cache.size >= CACHE_ENTRIES) cache.clear();
    cache.set(value, { session: found, until: t + SESSION_CACHE_MS });
    return found;
  }

  return {
    cookie,

    /**
     * Counts the request against the client's and the address's hourly limits, then (after
     * the answer, so that it takes the same time) adds the address if it is new and emails a
     * link. Every address gets the same answer; only a bad address or a limit is refused.
     * `next`, a path on this site (anything else is dropped), rides on the link: where the reader
     * was going, e.g. the article behind a wall.
     */
    async requestSignIn(email: string, clientAddress: string, next?: string): Promise<void> {
      await limits.hit([{ key: `reader-sign-in-client:${clientAddress}`, max: signInLimits.perClient, windowMs: HOUR }], 'Too many sign-in requests from your network');
      const parsed = emailSchema.safeParse(email);
      if (!parsed.success) throw fromZod('Please check the form', { issues: parsed.error.issues.map((i) => ({ ...i, path: ['email'] })) });
      // The address hashed: the limits table keeps no one's email.
      const addressKey = createHash('sha256').update(parsed.data).digest('base64url').slice(0, 22);
      await limits.hit([{ key: `reader-sign-in-address:${addressKey}`, max: signInLimits.perAddress, windowMs: HOUR }], 'Too many sign-in emails for this address');
      background.run(async () => {
        if (!config.smtpUrl) {
          logger.warn('A reader asked to sign in, but SMTP_URL is not set: no email was sent');
          return;
        }
        await sendLink(parsed.data, next && isSitePath(next) ? next : undefined);
      });
    },

    /** Waits for sign-in emails handed off by requests (tests, shutdown). */
    settled: () => background.settled(),

    /** The address a live link would sign in, changing nothing: the link's page shows it behind a button. */
    async linkFor(token: string): Promise<{ email: string } | undefined> {
      const row = await store.peekLink(tokenHash(token), now());
      return row && { email: row.email };
    },

    /** Spends the link and opens a session; answers the cookie's value and lifetime. */
    async signIn(token: string): Promise<{ cookieValue: string; maxAgeSeconds: number; readerId: number }> {
      const at = now();
      return inTransaction(db, async (trx) => {
        const s = readerStore(trx);
        const readerId = await s.spendLink(tokenHash(token), at);
        if (readerId === undefined) throw new SignInLinkError();
        await s.markSignedIn(readerId, at);
        const sessionToken = newToken();
        await s.addSession({
          subscriber_id: readerId,
          token_hash: tokenHash(sessionToken),
          csrf_token: newToken(),
          created_at: at,
          expires_at: new Date(Date.parse(at) + READER_SESSION_TTL_MS).toISOString(),
        });
        return { cookieValue: cookie.seal(sessionToken), maxAgeSeconds: READER_SESSION_TTL_MS / 1000, readerId };
      });
    },

    session,

    /**
     * `identify` without waiting, from what this process remembers: undefined when the cookie's
     * session must be read first. A warm page for a signed-in reader is answered in the same turn.
     */
    identifyNow(cookieHeader: string | undefined): ReaderIdentity | null | undefined {
      const value = cookie.read(cookieHeader);
      if (!value) return null;
      const cached = cache.get(value);
      if (!cached || cached.until <= clock().getTime()) return undefined;
      return cached.session && { readerId: cached.session.readerId, email: cached.session.email };
    },

    /** Who a request's cookies sign in, or null: cheap enough for every reader page (an HMAC and a map lookup while cached). */
    async identify(cookieHeader: string | undefined): Promise<ReaderIdentity | null> {
      const found = await session(cookieHeader);
      return found && { readerId: found.readerId, email: found.email };
    },

    /** Ends the session the cookie carries, here at once and in other processes within SESSION_CACHE_MS. */
    async signOut(cookieHeader: string | undefined): Promise<void> {
      const value = cookie.read(cookieHeader);
      const token = cookie.open(value);
      if (!value || !token) return;
      cache.delete(value);
      await store.endSession(tokenHash(token));
    },

    account: (readerId: number) => store.reader(readerId),

    /** Sets the name the account shows; empty clears it. */
    async rename(readerId: number, name: string): Promise<void> {
      const parsed = nameInput.safeParse(name);
      if (!parsed.success) throw fromZod('Please check your name', { issues: parsed.error.issues.map((i) => ({ ...i, path: ['name'] })) });
      await store.rename(readerId, parsed.data || null);
    },

    /** A newsletter preferences token for the reader, so /account uses the newsletters' own preferences service. */
    preferencesToken: (readerId: number) => deps.linkTokens.sign({ purpose: 'preferences', subscriberId: readerId, data: '' }),

    /** Everything kept about the reader by accounts and newsletters: their row, subscriptions, sessions and sign-in links. */
    async exportData(readerId: number) {
      const [account, newsletters, sessions, signInLinks] = await Promise.all([
        store.readerRow(readerId),
        store.subscriptionsOf(readerId),
        store.sessionsOf(readerId),
        store.linksOf(readerId),
      ]);
      return { exportedAt: now(), account, newsletters, sessions, signInLinks };
    },

    /** Runs `fn` before any account is deleted (payments cancel the subscription at Stripe); a throw stops the deletion. */
    onBeforeDelete(fn: (readerId: number) => Promise<void>): void {
      beforeDelete.push(fn);
    },

    /** Runs the registered hooks, then removes the reader's personal data and ends every session at once. */
    async deleteAccount(readerId: number): Promise<void> {
      for (const hook of beforeDelete) await hook(readerId);
      await inTransaction(db, (trx) => readerStore(trx).deleteReader(readerId));
      forget((s) => s.readerId === readerId);
    },
  };
}

export type ReaderAccountService = ReturnType<typeof readerAccountService>;
