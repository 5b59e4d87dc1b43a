import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import { isAbsoluteHttpUrl } from '../content/urls.js';
import type { Database } from '../db/connection.js';
import { fromZod, NotFoundError } from '../errors.js';
import { webhookDeliverer } from './deliverer.js';
import { newWebhookSecret } from './signature.js';
import { TEST_EVENT, webhookEvents, webhookEventSchema, type WebhookEvent } from './webhook-events.js';
import { webhookStore, type DeliveryRow, type SubscriptionRow } from './webhook-store.js';
import { webhookWorker } from './worker.js';

export const subscriptionInput = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(2048, 'must be at most 2,048 characters')
    .refine(isAbsoluteHttpUrl, 'must be an http:// or https:// address'),
  events: z.array(webhookEventSchema, 'must list events').min(1, 'needs at least one event'),
  description: z.string().trim().max(200, 'must be at most 200 characters').default(''),
});

/** A subscription as the newsroom lists it: never its secret. */
export interface WebhookSubscription {
  id: number;
  url: string;
  events: WebhookEvent[];
  description: string;
  createdAt: string;
  pending: number;
  failed: number;
}

const LOG_LENGTH = 50;

const summary = (row: SubscriptionRow, counts?: { pending: number; failed: number }): WebhookSubscription => ({
  id: row.id,
  url: row.url,
  events: row.events.split(' ').filter((e): e is WebhookEvent => (webhookEvents as readonly string[]).includes(e)),
  description: row.description,
  createdAt: row.created_at,
  pending: counts?.pending ?? 0,
  failed: counts?.failed ?? 0,
});

export interface WebhookOptions {
  siteUrl: string;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** What an event is about, by id (an article's, an issue's or a reader's): small enough to post to the delivery thread. */
export interface WebhookSubject {
  event: WebhookEvent;
  id: number;
}

/**
 * Webhooks: admins subscribe endpoints to events; `emit` queues a signed delivery per
 * subscription in the database (no HTTP on the caller's path), and the worker sends them,
 * retrying with backoff for a day. At least once: a receiver drops repeats by X-Broadsheet-Delivery.
 *
 * @example await webhooks.emit('article.published', { article }) // queued; the worker posts it
 */
export function webhookService(database: Database, options: WebhookOptions) {
  const now = options.now ?? (() => new Date());
  const store = webhookStore(database.db, database.dialect);
  const deliverer = webhookDeliverer(store, { now, fetch: options.fetch });
  const listeners = new Set<() => void>();
  const wake = () => listeners.forEach((l) => l());
  // Events queued after the change that caused them, not awaited by its request: kept to await in tests and on shutdown.
  const queueing = new Set<Promise<unknown>>();
  let readPayload: ((subject: WebhookSubject) => Promise<unknown>) | undefined;
  let handOff: ((subject: WebhookSubject) => void) | undefined;

  async function subscription(actor: Actor, id: number): Promise<SubscriptionRow> {
    authorize(actor, 'settings.manage');
    const row = await store.subscription(id);
    if (!row) throw new NotFoundError(`There is no webhook ${id}`);
    return row;
  }

  async function queue(event: string, data: unknown, subscriptions: SubscriptionRow[]): Promise<number> {
    if (!subscriptions.length) return 0;
    const created_at = now().toISOString();
    // The same body for every subscription but its delivery id: the event's part (an article's
    // data is most of it) is serialised once, not once per subscription.
    const rest = JSON.stringify({ event, created_at, site: options.siteUrl, data }).slice(1);
    const rows = subscriptions.map((s) => {
      const delivery_key = randomUUID();
      return { delivery_key, subscription_id: s.id, event, created_at, payload: `{"id":${JSON.stringify(delivery_key)},${rest}` };
    });
    await store.enqueue(rows);
    wake();
    return rows.length;
  }

  return {
    /** Subscribes an endpoint; `secret` signs its deliveries and is never shown again. */
    async create(actor: Actor, input: z.input<typeof subscriptionInput>): Promise<{ subscription: WebhookSubscription; secret: string }> {
      authorize(actor, 'settings.manage');
      const parsed = subscriptionInput.safeParse(input);
      if (!parsed.success) throw fromZod('The webhook has a problem', parsed.error);
      const secret = newWebhookSecret();
      const row = await store.insertSubscription({
        url: parsed.data.url,
        events: [...new Set(parsed.data.events)].join(' '),
        description: parsed.data.description,
        secret,
        created_at: now().toISOString(),
        created_by: actor.id > 0 ? actor.id : null,
      });
      return { subscription: summary(row), secret };
    },

    async list(actor: Actor): Promise<WebhookSubscription[]> {
      authorize(actor, 'settings.manage');
      const [rows, counts] = await Promise.all([store.subscriptions(), store.counts()]);
      return rows.map((r) => summary(r, counts.find((c) => c.subscription_id === r.id)));
    },

    /** One subscription and its newest deliveries, for its page. */
    async get(actor: Actor, id: number): Promise<{ subscription: WebhookSubscription; log: DeliveryRow[] }> {
      const row = await subscription(actor, id);
      const [log, counts] = await Promise.all([store.log(id, LOG_LENGTH), store.counts()]);
      return { subscription: summary(row, counts.find((c) => c.subscription_id === id)), log };
    },

    async remove(actor: Actor, id: number): Promise<void> {
      await subscription(actor, id);
      await store.deleteSubscription(id);
    },

    /** Queues a `webhook.test` delivery to this one endpoint; the log shows how it went. */
    async sendTest(actor: Actor, id: number): Promise<void> {
      const row = await subscription(actor, id);
      await queue(TEST_EVENT, { message: 'A test from the newsroom: this endpoint receives Broadsheet webhooks.' }, [row]);
    },

    /** Queues `event` to every subscription that asked for it; answers how many deliveries. */
    async emit(event: WebhookEvent, data: unknown): Promise<number> {
      const subscribed = (await store.subscriptions()).filter((s) => s.events.split(' ').includes(event));
      return queue(event, data, subscribed);
    },

    /**
     * Queues the event `subject` names, with its data read now, not awaited: for listeners, which
     * must not hold up the change they heard of. While the delivery thread runs it is handed
     * there (`handOffTo`), so that reading the payload and writing a row per subscription happen
     * off the thread that answers the editor. A failure goes to `onError`.
     */
    emitSoon(subject: WebhookSubject, onError: (error: unknown) => void): void {
      if (handOff) return handOff(subject);
      const work = this.emitAbout(subject).catch(onError);
      queueing.add(work);
      void work.finally(() => queueing.delete(work));
    },

    /** Reads the data of the event `subject` names and queues it; nothing when the thing is gone. */
    async emitAbout(subject: WebhookSubject): Promise<number> {
      if (!readPayload) throw new Error('webhooks: no payload reader (connectWebhooks sets one)');
      const data = await readPayload(subject);
      return data === undefined ? 0 : this.emit(subject.event, data);
    },

    /** How the data of an event is read from its subject (set by connectWebhooks, which knows the content services). */
    readPayloadsWith(reader: (subject: WebhookSubject) => Promise<unknown>): void {
      readPayload = reader;
    },

    /** Sends `emitSoon`'s subjects to the delivery thread from now on (undefined: queue them here again). */
    handOffTo(to: ((subject: WebhookSubject) => void) | undefined): void {
      handOff = to;
    },

    /** Resolves when every `emitSoon` so far has queued its deliveries here (one handed to the delivery thread is queued there). */
    async queued(): Promise<void> {
      while (queueing.size) await Promise.all([...queueing]);
    },

    /** Whether any endpoint is subscribed (the delivery thread starts once one is). */
    anySubscription: () => store.anySubscription(),

    /** What a member event says of a reader; undefined once they are gone. */
    member: (readerId: number) => store.member(readerId),

    /** Sends one batch of due deliveries now (the worker's step; tests drive it with their clock). */
    deliverDue: (limit?: number) => deliverer.deliverBatch(limit),

    /** Calls `listener` whenever this process queues deliveries (the delivery thread is woken so). */
    onQueued(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Sends deliveries in the background until stopped: at once when this process queues some or `wake` is called, else every second. */
    startWorker(logger?: Logger) {
      const worker = webhookWorker(() => deliverer.deliverBatch(), { logger });
      listeners.add(worker.wake);
      return {
        wake: worker.wake,
        stop: async () => {
          listeners.delete(worker.wake);
          await worker.stop();
        },
      };
    },

    /** A delivery by its idempotency id. */
    delivery: (key: string) => store.byKey(key),
  };
}

export type WebhookService = ReturnType<typeof webhookService>;
