import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'X-Broadsheet-Signature';
/** The delivery's idempotency id: the same on every retry of one event to one endpoint. */
export const DELIVERY_HEADER = 'X-Broadsheet-Delivery';
/** The event name, so a receiver can route before parsing the body. */
export const EVENT_HEADER = 'X-Broadsheet-Event';

/** How old a signature a receiver should still accept; older ones may be replays. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: 32 random bytes, marked so that one found in a log says what it is. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/**
 * The signature header for `body` sent at `at`. The timestamp is inside what is signed, so an
 * old delivery replayed later fails the receiver's age check.
 *
 * @example signatureHeader('whsec_…', '{"event":"article.published"}', new Date()) // 't=1767775200,v1=5f0c…'
 */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * What a receiver does: true when `header` signs exactly `body` with `secret` and is no older
 * than `toleranceSeconds`. Any v1 value may match (there is one now; a rotated secret would add another).
 */
export function verifySignature(secret: string, body: string, header: string | null | undefined, now = new Date(), toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const timestamp = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return parts
    .filter(([k, v]) => k === 'v1' && v && /^[0-9a-f]{64}$/.test(v))
    .some(([, v]) => timingSafeEqual(Buffer.from(v!, 'hex'), expected));
}
