import { createHash } from 'node:crypto';
import { createExponentialBackoffPolicy, importJwk, signRequest, type KvStore } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';

/** The fields Broadsheet reads of Fedify 1.5's queued delivery (its `OutboxMessage`: one activity, one inbox). */
export interface OutboxMessage {
  type: 'outbox';
  keys: Array<{ keyId: string; privateKey: JsonWebKey }>;
  /** The activity as JSON-LD, already carrying its object-integrity proof and Linked Data signature. */
  activity: unknown;
  activityId?: string;
  inbox: string;
  started: string;
  attempt: number;
  headers: Record<string, string>;
}

/** A delivery as Broadsheet keeps it in the queue: the activity kept once for all its inboxes, the keys named, not copied. */
export interface StoredDelivery extends Omit<OutboxMessage, 'activity' | 'keys'> {
  keys: Array<{ keyId: string; kty: string | undefined }>;
  activityRef: string;
}

const isOutboxMessage = (message: unknown): message is OutboxMessage =>
  (message as { type?: unknown } | null)?.type === 'outbox' && (message as OutboxMessage).activity !== undefined && Array.isArray((message as OutboxMessage).keys);

/** Long past Fedify's last retry (ten attempts, about 17 minutes from the first); the key-value store prunes it after. */
const ACTIVITY_TTL = Temporal.Duration.from({ days: 7 });
/** Activities whose body is kept in memory: the few being fanned out at once. */
const BODIES_KEPT = 64;

export interface OutboxDeliveryOptions {
  kv: KvStore;
  /** The private key of one of the site's own actors, by key id (the sender's keys are not copied into every message). */
  signingKey(keyId: string): Promise<CryptoKey>;
  /** Where a failed delivery goes back, with its attempt counted and a delay. */
  enqueue(message: StoredDelivery | OutboxMessage, options: { delay: Temporal.Duration }): Promise<void>;
  onError?: (error: unknown, what: string) => void;
  now?: () => Date;
}

/**
 * One delivery, the way Fedify's own outbox worker sends it (the same HTTP signature, body,
 * retry policy and re-queueing of failures) but cheaper per inbox, which matters at thousands of
 * followers: Fedify 1.5 copies the activity and the sender's private keys into every inbox's
 * message and imports the keys again for each. Here `store` keeps the activity once in the
 * key-value store and leaves only its reference and the key ids in each queued message, and
 * `deliver` keeps the imported keys and the serialised body. Fedify still builds the activity,
 * signs it once for all inboxes, and fans it out.
 */
export function outboxDelivery(options: OutboxDeliveryOptions) {
  const retryPolicy = createExponentialBackoffPolicy();
  const kvKey = (ref: string) => ['broadsheet', 'outbox-activity', ref] as const;
  const bodies = new Map<string, Promise<string>>();
  const remember = (ref: string, body: Promise<string>) => {
    bodies.set(ref, body);
    body.catch(() => bodies.delete(ref));
    if (bodies.size > BODIES_KEPT) bodies.delete(bodies.keys().next().value!);
    return body;
  };
  const bodyOf = (ref: string) =>
    bodies.get(ref) ??
    remember(
      ref,
      options.kv.get<string>(kvKey(ref)).then((body) => {
        if (body === undefined) throw new Error(`The activity of a queued delivery (${ref}) is no longer kept; it cannot be sent`);
        return body;
      }),
    );
  // Messages queued before this worker existed carry the key itself: imported once too.
  const inlineKeys = new Map<string, Promise<CryptoKey>>();
  const inlineKey = (jwk: JsonWebKey) => {
    const id = `${jwk.n ?? jwk.x}`;
    let key = inlineKeys.get(id);
    if (!key) inlineKeys.set(id, (key = importJwk(jwk, 'private')));
    return key;
  };

  /** Fedify's outbox messages as they go into the queue: each activity stored once, then referred to. */
  async function store(messages: unknown[]): Promise<unknown[]> {
    const refs = new Map<unknown, string>();
    const stored: unknown[] = [];
    for (const message of messages) {
      if (!isOutboxMessage(message)) {
        stored.push(message);
        continue;
      }
      const { activity, keys, ...rest } = message;
      let ref = refs.get(activity);
      if (!ref) {
        const body = JSON.stringify(activity);
        ref = createHash('sha256').update(body).digest('base64url');
        await options.kv.set(kvKey(ref), body, { ttl: ACTIVITY_TTL });
        remember(ref, Promise.resolve(body));
        refs.set(activity, ref);
      }
      stored.push({ ...rest, keys: keys.map((k) => ({ keyId: k.keyId, kty: k.privateKey.kty })), activityRef: ref } satisfies StoredDelivery);
    }
    return stored;
  }

  async function send(message: StoredDelivery | OutboxMessage): Promise<void> {
    // HTTP signatures in the fediverse are RSA (draft-cavage): the first RSA key, as Fedify picks. The Ed25519 key signed the activity's proof already.
    const rsa = message.keys.find((k) => ('privateKey' in k ? k.privateKey.kty : k.kty) === 'RSA');
    const body = 'activityRef' in message ? await bodyOf(message.activityRef) : JSON.stringify(message.activity);
    const headers = new Headers(message.headers);
    headers.set('Content-Type', 'application/activity+json');
    let request = new Request(message.inbox, { method: 'POST', headers, body });
    if (rsa) request = await signRequest(request, 'privateKey' in rsa ? await inlineKey(rsa.privateKey) : await options.signingKey(rsa.keyId), new URL(rsa.keyId));
    const response = await fetch(request);
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`Failed to send activity ${message.activityId} to ${message.inbox} (${response.status} ${response.statusText}):\n${text.slice(0, 500)}`);
    }
    // Nothing to read: the connection goes back to the pool.
    await response.body?.cancel();
  }

  /** Delivers, or queues the next attempt (Fedify's exponential backoff: 1 s doubling, ten attempts, at most 12 h apart). */
  async function deliver(message: StoredDelivery | OutboxMessage): Promise<void> {
    try {
      await send(message);
    } catch (error) {
      options.onError?.(error, 'delivery failed; it is tried again later');
      const started = Temporal.Instant.from(message.started);
      const now = Temporal.Instant.fromEpochMilliseconds((options.now?.() ?? new Date()).getTime());
      const delay = retryPolicy({ elapsedTime: started.until(now), attempts: message.attempt });
      if (delay == null) return;
      await options.enqueue({ ...message, attempt: message.attempt + 1 }, { delay: Temporal.Duration.compare(delay, { seconds: 0 }) < 0 ? Temporal.Duration.from({ seconds: 0 }) : delay });
    }
  }

  return { store, deliver };
}
