import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 16;

/** `YYYY-MM` of the month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Gift links' tokens: `giver.YYYY-MM.signature`, HMAC-SHA256 over the article, the giver and
 * the month under a key derived from SECRET_KEY for this use alone. The article is not in the
 * token but in the signed text, so a token opens only the article it was made for. A gift
 * opens its article in the month it was given and the next, so a link sent on the 31st still
 * works when it is read.
 *
 * @example const gifts = giftTokens(secret); gifts.opens(gifts.make(7, 3, '2026-12'), 7, '2026-12') // true
 */
export function giftTokens(secretKey: string) {
  const key = createHmac('sha256', secretKey).update('broadsheet:gift-link').digest();
  const sign = (articleId: number, giver: string, month: string) =>
    createHmac('sha256', key).update(`${articleId}:${giver}:${month}`).digest().subarray(0, SIGNATURE_BYTES);

  return {
    make(articleId: number, giverId: number, month: string): string {
      const giver = giverId.toString(36);
      return `${giver}.${month}.${sign(articleId, giver, month).toString('base64url')}`;
    },

    /** Whether `token` is a gift of this article, given this month or last. */
    opens(token: string | undefined, articleId: number, currentMonth: string): boolean {
      if (!token || token.length > 100) return false;
      const [giver, month, signature, extra] = token.split('.');
      if (!giver || !month || !signature || extra !== undefined || !/^[0-9a-z]{1,12}$/.test(giver)) return false;
      if (month !== currentMonth && month !== previousMonth(currentMonth)) return false;
      const given = Buffer.from(signature, 'base64url');
      return given.length === SIGNATURE_BYTES && timingSafeEqual(given, sign(articleId, giver, month));
    },
  };
}
