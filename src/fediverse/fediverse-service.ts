import type { MessageQueue } from '@fedify/fedify';
import type { Logger } from 'pino';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { Database } from '../db/connection.js';
import { rateLimiter, type Limit } from '../limits/rate-limiter.js';
import { PUBLICATION } from './federation-ids.js';
import { fediverseSettings } from './fediverse-settings.js';
import { fediverseStore } from './fediverse-store.js';
import { databaseKvStore } from './kv-store.js';
import { DatabaseMessageQueue } from './message-queue.js';
import type { FediversePublisher } from './publisher.js';

/** What createServices may be told about the fediverse: only tests set this, so no variable can. */
export interface FediverseSwitches {
  /** Lets Fedify fetch actors and keys from loopback and private addresses (a follower started by a test). */
  fediverseAllowPrivateAddress?: boolean;
  /** Tests set small ones; the site uses INBOX_LIMITS. */
  fediverseInboxLimits?: InboxLimits;
}

/** POSTs to the inboxes one sender may make in a window, counted by address and by the host its signature names. */
export interface InboxLimits {
  perAddress: Omit<Limit, 'key'>;
  perHost: Omit<Limit, 'key'>;
}

/**
 * Generous for a busy server: a large instance delivers once per activity to the shared inbox,
 * and even its bursts (account deletions it tells everyone of) stay under a few a second. The
 * address's limit is higher, as several servers may share one.
 */
export const INBOX_LIMITS: InboxLimits = {
  perAddress: { max: 2400, windowMs: 5 * 60_000 },
  perHost: { max: 1200, windowMs: 5 * 60_000 },
};

export interface FediverseConfig {
  siteUrl: string;
  siteName: string;
  /** Only tests on loopback turn this on (no variable sets it): Fedify may then fetch from private addresses. */
  allowPrivateAddress?: boolean;
  inboxLimits?: InboxLimits;
  logger?: Logger;
  now?: () => Date;
}

/** A queue message that is Broadsheet's own job, not Fedify's: tell followers what became of this article. */
const ARTICLE_JOB = 'broadsheet.article';

/**
 * The publication on the fediverse. Publishing, correcting and unpublishing an article is
 * heard from the content events of whichever process made the change, and becomes a job in the
 * delivery queue (one row: the editor's request waits for nothing more). The server's worker
 * takes the job, decides from what followers were last told whether it is a Create, an Update
 * or a Delete, and hands the activity to Fedify, which fans it out to every follower's inbox
 * through the same queue, signed, with retries.
 */
export function fediverseService(database: Database, deps: { events: ContentEvents; articles: ArticleService }, config: FediverseConfig) {
  const { db } = database;
  const now = () => config.now?.() ?? new Date();
  const store = fediverseStore(db);
  const kv = databaseKvStore(db, now);
  const warn = (error: unknown, what: string) => config.logger?.warn({ err: error }, `fediverse: ${what}`);
  const queue = new DatabaseMessageQueue(db, { takenBy: database.dialect.supportsSkipLocked ? 'processes' : 'one listener', onError: (error) => warn(error, 'a queued message failed; it is tried again later'), now });
  const settings = fediverseSettings(db, deps.events, config.siteName);
  const siteUrl = config.siteUrl.replace(/\/$/, '');
  let publisher: Promise<FediversePublisher> | undefined;
  const load = () =>
    (publisher ??= import('./publisher.js').then(({ fediversePublisher }) =>
      fediversePublisher({
        siteUrl,
        siteName: config.siteName,
        kv,
        queue: routedQueue(),
        store,
        settings,
        loadArticle: (id) => deps.articles.get(id),
        allowPrivateAddress: config.allowPrivateAddress,
        now,
        onError: warn,
      }),
    ));

  /** Fedify's view of the queue: the same rows, with Broadsheet's article jobs and single deliveries taken out for it. */
  function routedQueue(): MessageQueue {
    return {
      // Only a loaded Fedify makes deliveries, so only then are there any to store compactly.
      enqueue: async (message, options) => queue.enqueueMany(publisher ? await (await publisher).storeOutbox([message]) : [message], options),
      enqueueMany: async (messages, options) => queue.enqueueMany(publisher ? await (await publisher).storeOutbox(messages) : messages, options),
      listen: (handler, options) =>
        queue.listen(async (message) => {
          if (message?.type === ARTICLE_JOB) return (await load()).federateArticle(Number(message.articleId));
          // Deliveries to one inbox are sent by Broadsheet's own copy of Fedify's (outbox-delivery.ts).
          if (message?.type === 'outbox') return (await load()).deliver(message);
          return handler(message);
        }, options),
    };
  }

  // Articles published, saved while live, or unpublished in this process, gathered for a turn of the event loop.
  const pending = new Set<number>();
  let enqueued: Promise<void> = Promise.resolve();
  deps.events.onChange((change) => {
    if (change.entity !== 'article' || !change.action) return;
    if (pending.size === 0) enqueued = enqueued.then(() => new Promise((resolve) => setImmediate(resolve))).then(enqueuePending);
    pending.add(change.id);
  });
  async function enqueuePending() {
    const ids = [...pending];
    pending.clear();
    try {
      if (!(await settings.get()).enabled) return;
      await queue.enqueueMany(ids.map((articleId) => ({ type: ARTICLE_JOB, articleId })));
    } catch (error) {
      warn(error, 'could not queue an article for the fediverse');
    }
  }

  const limiter = rateLimiter(db, now);
  const inboxLimits = config.inboxLimits ?? INBOX_LIMITS;

  return {
    /**
     * Counts one POST to an inbox, before Fedify reads it, against the address it came from and the
     * host its signature claims to be from (unchecked yet, so only ever a reason to refuse):
     * throws TooManyRequestsError over either.
     */
    async admitDelivery(from: { address: string; host: string | undefined }): Promise<void> {
      await limiter.hit([{ key: `fediverse-inbox-ip:${from.address}`, ...inboxLimits.perAddress }], 'Too many deliveries from your address');
      if (from.host) await limiter.hit([{ key: `fediverse-inbox-host:${from.host}`, ...inboxLimits.perHost }], `Too many deliveries from ${from.host}`);
    },
    /** Fedify's federation, loaded on first use. */
    federation: async () => (await load()).federation,
    settings,
    queue,
    /** What the newsroom's settings block shows: whether it is on, the handle readers follow, and how many do. */
    async overview() {
      const current = await settings.get();
      const host = new URL(siteUrl).host;
      return { ...current, host, address: `@${current.handle}@${host}`, followers: await store.followerCount(PUBLICATION) };
    },
    /** Resolves once the article changes heard so far are in the queue. */
    queued: () => enqueued,
    federateArticle: async (articleId: number) => (await load()).federateArticle(articleId),
    /** Runs the delivery worker (incoming activities, fan-outs, deliveries, article jobs) until the returned stop is called. */
    startWorker(): () => Promise<void> {
      const controller = new AbortController();
      const running = load().then(({ federation }) => federation.startQueue(undefined, { signal: controller.signal }));
      // Cached remote documents and keys expire; their rows go now and then.
      const pruning = setInterval(() => void kv.prune().catch((error: unknown) => warn(error, 'could not prune the key-value store')), 3_600_000);
      pruning.unref();
      return async () => {
        clearInterval(pruning);
        controller.abort();
        await running;
      };
    },
  };
}

export type FediverseService = ReturnType<typeof fediverseService>;
