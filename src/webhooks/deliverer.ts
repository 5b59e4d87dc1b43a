import { randomUUID } from 'node:crypto';
import type { ClaimedDelivery, SettledAttempt, WebhookStore } from './webhook-store.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';

/** Retries stop when the next would fall more than this after the event. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_GAP_MS = 6 * 60 * 60 * 1000;
/** An endpoint that has not answered in this long counts as a failure; the lease outlives it. */
const REQUEST_TIMEOUT_MS = 10_000;
const LEASE_MS = 5 * 60_000;

/**
 * When the attempt after `attempts` failed ones is due: 30 s, then doubling (1 min, 2 min … 6 h
 * at most), or undefined once that would fall outside the day after the event: it has failed.
 */
export function nextAttemptAt(createdAt: string, attempts: number, now: Date): Date | undefined {
  const gap = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_GAP_MS);
  const next = new Date(now.getTime() + gap);
  return next.getTime() - Date.parse(createdAt) > RETRY_WINDOW_MS ? undefined : next;
}

export interface DelivererOptions {
  now: () => Date;
  /** How many requests one worker has in flight at once. */
  concurrency?: number;
  fetch?: typeof fetch;
}

/**
 * Sends due deliveries: claims a batch with a lease (so another worker leaves them alone),
 * POSTs each signed body, and records the answer. A 2xx is delivered; anything else (an error
 * status, a redirect, a timeout, a refused connection) is retried later with backoff.
 */
export function webhookDeliverer(store: WebhookStore, options: DelivererOptions) {
  const owner = `${process.pid}-${randomUUID()}`;
  const send = options.fetch ?? fetch;
  const concurrency = options.concurrency ?? 16;

  async function attempt(d: ClaimedDelivery): Promise<SettledAttempt> {
    const started = options.now();
    const t0 = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await send(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Broadsheet-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(d.secret, d.payload, started),
          [DELIVERY_HEADER]: d.delivery_key,
          [EVENT_HEADER]: d.event,
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      statusCode = res.status;
      // The body is not read: only the status counts, and a large one must not hold the worker.
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) error = `answered ${res.status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = (e as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `could not connect${cause ? ` (${cause})` : ''}: ${(e as Error).message}`;
    }
    const outcome = { at: options.now().toISOString(), statusCode, durationMs: Math.round(performance.now() - t0), error };
    if (!error) return { id: d.id, outcome, next: { status: 'delivered' } };
    const retryAt = nextAttemptAt(d.created_at, d.attempts + 1, options.now());
    return { id: d.id, outcome, next: retryAt ? { status: 'pending', retryAt: retryAt.toISOString() } : { status: 'failed' } };
  }

  return {
    /** Claims and sends one batch of due deliveries; answers how many were attempted (0: nothing due). */
    async deliverBatch(limit = 100): Promise<number> {
      const at = options.now();
      const batch = await store.claim(owner, at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString(), limit);
      const settled: SettledAttempt[] = [];
      let next = 0;
      const lane = async () => {
        while (next < batch.length) settled.push(await attempt(batch[next++]!));
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
      // One write for the batch: a crash before it sends these again (at least once), never loses them.
      await store.settle(owner, settled);
      return batch.length;
    },
  };
}

export type WebhookDeliverer = ReturnType<typeof webhookDeliverer>;
