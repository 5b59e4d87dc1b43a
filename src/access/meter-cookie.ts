import { createHmac, timingSafeEqual } from 'node:crypto';

/** The metering cookie's name: first-party, read only by this site, never sent anywhere else. */
export const METER_COOKIE = 'broadsheet_meter';

/** A reader's meter: the calendar month (`YYYY-MM`, the site's zone) and the metered articles read in it. */
export interface Meter {
  readonly month: string;
  readonly articleIds: readonly number[];
}

const SIGNATURE_BYTES = 16;
/** How many meters' signatures are remembered (about 100 bytes each). */
const SIGNATURES_KEPT = 20_000;

/**
 * Signs and reads the meter cookie: `YYYY-MM.id-id-id.signature`, ids in base 36, signed with
 * HMAC-SHA256 under a key derived from SECRET_KEY for this use alone. The cookie holds the ids
 * (not a bare count) so that opening the same article again costs nothing.
 *
 * @example const meters = meterCookie(secret); meters.read(meters.write({ month: '2026-12', articleIds: [7] })) // { month: '2026-12', articleIds: [7] }
 */
export function meterCookie(secretKey: string) {
  const key = createHmac('sha256', secretKey).update('broadsheet:meter-cookie').digest();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  // Signatures of meters this process signed or verified: a reader sends the same cookie until the
  // next article counts, and an HMAC costs more than the rest of serving a cached page. Only
  // genuine signatures are kept, so forged cookies cannot fill it; it starts over when full. A
  // remembered signature is compared as a string: a meter grants nothing that deleting the cookie
  // would not, so there is no secret for a timing attack to win.
  const signed = new Map<string, { signature: string; meter?: Meter | null }>();
  const remember = (payload: string, signature: string) => {
    if (signed.size >= SIGNATURES_KEPT) signed.clear();
    const known: { signature: string; meter?: Meter | null } = { signature };
    signed.set(payload, known);
    return known;
  };

  return {
    write(meter: Meter): string {
      const payload = `${meter.month}.${meter.articleIds.map((id) => id.toString(36)).join('-')}`;
      return `${payload}.${(signed.get(payload) ?? remember(payload, sign(payload).toString('base64url'))).signature}`;
    },

    /**
     * The meter a cookie value holds, or undefined when it is not one this site signed. The same
     * meter object comes back for the same cookie (it is remembered with its signature): read-only.
     */
    read(value: string | undefined): Meter | undefined {
      if (!value || value.length > 2048) return undefined;
      const cut = value.lastIndexOf('.');
      if (cut < 0) return undefined;
      const payload = value.slice(0, cut);
      const signature = value.slice(cut + 1);
      let known = signed.get(payload);
      if (known?.signature !== signature) {
        const given = Buffer.from(signature, 'base64url');
        const expected = sign(payload);
        if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) return undefined;
        known = remember(payload, expected.toString('base64url'));
      }
      if (known.meter === undefined) known.meter = parseMeter(payload) ?? null;
      return known.meter ?? undefined;
    },
  };
}

function parseMeter(payload: string): Meter | undefined {
  const [month, ids = ''] = payload.split('.');
  if (!month || !/^\d{4}-\d{2}$/.test(month)) return undefined;
  return Object.freeze({ month, articleIds: Object.freeze(ids ? ids.split('-').map((id) => parseInt(id, 36)) : []) });
}

export type MeterCookie = ReturnType<typeof meterCookie>;
