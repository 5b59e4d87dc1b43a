import { randomUUID } from 'node:crypto';
import { Create, Delete, Tombstone, Update, PUBLIC_COLLECTION, Article as ArticleObject, type MessageQueue, type Recipient } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Logger } from 'pino';
import type { ArticleService } from '../content/articles.js';
import type { ContentEvents } from '../content/events.js';
import type { Database } from '../db/connection.js';
import { articleObject, fingerprint } from './article-object.js';
import { audienceOf, broadsheetFederation, PUBLICATION } from './federation.js';
import { fediverseSettings } from './fediverse-settings.js';
import { fediverseStore } from './fediverse-store.js';
import { databaseKvStore } from './kv-store.js';
import { DatabaseMessageQueue } from './message-queue.js';

/** What createServices may be told about the fediverse: only tests set this, so no variable can. */
export interface FediverseSwitches {
  /** Lets Fedify fetch actors and keys from loopback and private addresses (a follower started by a test). */
  fediverseAllowPrivateAddress?: boolean;
}

export interface FediverseConfig {
  siteUrl: string;
  siteName: string;
  /** Only tests on loopback turn this on (no variable sets it): Fedify may then fetch from private addresses. */
  allowPrivateAddress?: boolean;
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
  const queue = new DatabaseMessageQueue(db, { skipLocked: database.dialect.supportsSkipLocked, onError: (error) => warn(error, 'a queued message failed; it is tried again later'), now });
  const settings = fediverseSettings(db, deps.events, config.siteName);
  const siteUrl = config.siteUrl.replace(/\/$/, '');
  const { federation, factsOf } = broadsheetFederation({
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
  });

  /** Fedify's view of the queue: the same rows, with Broadsheet's article jobs taken out for it. */
  function routedQueue(): MessageQueue {
    return {
      enqueue: (message, options) => queue.enqueue(message, options),
      enqueueMany: (messages, options) => queue.enqueueMany(messages, options),
      listen: (handler, options) => queue.listen((message) => (message?.type === ARTICLE_JOB ? federateArticle(Number(message.articleId)) : handler(message)), options),
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

  /** Tells followers what became of an article, once: of two workers on the same news, one sends. */
  async function federateArticle(articleId: number): Promise<void> {
    if (!(await settings.get()).enabled) return;
    const article = await deps.articles.get(articleId);
    const state = await store.articleState(articleId);
    const ctx = federation.createContext(new URL(siteUrl), undefined);
    const at = now();
    const actor = ctx.getActorUri(PUBLICATION);
    const activityId = (type: string, objectId: URL) => new URL(`#${type}-${randomUUID()}`, objectId);
    let activity: Create | Update | Delete;
    if (article?.status === 'published') {
      const facts = factsOf(ctx, article);
      const print = fingerprint(facts);
      const type = !state || state.state === 'deleted' ? 'create' : state.fingerprint !== print ? 'update' : undefined;
      if (!type || !(await store.moveArticle(articleId, state, { state: 'live', fingerprint: print }, at.toISOString()))) return;
      const values = { id: activityId(type, facts.objectId), actor, object: articleObject(facts), published: Temporal.Instant.from(at.toISOString()), to: PUBLIC_COLLECTION, ccs: facts.followers };
      activity = type === 'create' ? new Create(values) : new Update(values);
    } else {
      if (state?.state !== 'live' || !(await store.moveArticle(articleId, state, { state: 'deleted', fingerprint: '' }, at.toISOString()))) return;
      const objectId = ctx.getObjectUri(ArticleObject, { id: String(articleId) });
      activity = new Delete({
        id: activityId('delete', objectId),
        actor,
        object: new Tombstone({ id: objectId, deleted: Temporal.Instant.from(at.toISOString()) }),
        published: Temporal.Instant.from(at.toISOString()),
        to: PUBLIC_COLLECTION,
        ccs: [ctx.getFollowersUri(PUBLICATION)],
      });
    }
    const audience = article ? audienceOf(article) : [PUBLICATION];
    const recipients: Recipient[] = (await store.followers(audience)).map((f) => ({
      id: new URL(f.followerUri),
      inboxId: new URL(f.inboxUrl),
      endpoints: f.sharedInboxUrl ? { sharedInbox: new URL(f.sharedInboxUrl) } : null,
    }));
    await store.addActivity(PUBLICATION, activity instanceof Create ? 'Create' : activity instanceof Update ? 'Update' : 'Delete', articleId, await activity.toJsonLd({ format: 'compact', contextLoader: ctx.contextLoader }), at.toISOString());
    if (recipients.length) await ctx.sendActivity({ identifier: PUBLICATION }, recipients, activity, { preferSharedInbox: true });
  }

  return {
    federation,
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
    federateArticle,
    /** Runs the delivery worker (incoming activities, fan-outs, deliveries, article jobs) until the returned stop is called. */
    startWorker(): () => Promise<void> {
      const controller = new AbortController();
      const running = federation.startQueue(undefined, { signal: controller.signal });
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
