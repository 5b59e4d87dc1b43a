import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 16;

/**
 * Short tokens that open one article for one holder: `holder.stamp.signature`, the holder's id
 * in base 36 and a stamp the caller gives meaning to (a month, an expiry day), signed with
 * HMAC-SHA256 over the article, the holder and the stamp under a key derived from SECRET_KEY
 * for `purpose` alone, so one kind of token never passes for another. The article is in the
 * signed text, not the token, so a token opens only the article it was made for.
 *
 * @example const tokens = articleTokens(secret, 'broadsheet:gift-link'); tokens.read(tokens.make(7, 3, '2026-12'), 7, () => true) // { holderId: 3, stamp: '2026-12' }
 */
export function articleTokens(secretKey: string, purpose: string) {
  const key = createHmac('sha256', secretKey).update(purpose).digest();
  const sign = (articleId: number, holder: string, stamp: string) =>
    createHmac('sha256', key).update(`${articleId}:${holder}:${stamp}`).digest().subarray(0, SIGNATURE_BYTES);

  return {
    make(articleId: number, holderId: number, stamp: string): string {
      const holder = holderId.toString(36);
      return `${holder}.${stamp}.${sign(articleId, holder, stamp).toString('base64url')}`;
    },

    /** The holder and stamp of a token made for this article whose stamp `stampHolds` accepts; else undefined. */
    read(token: string | undefined, articleId: number, stampHolds: (stamp: string) => boolean): { holderId: number; stamp: string } | undefined {
      if (!token || token.length > 100) return undefined;
      const [holder, stamp, signature, extra] = token.split('.');
      if (!holder || !stamp || !signature || extra !== undefined || !/^[0-9a-z]{1,12}$/.test(holder)) return undefined;
      // The stamp is judged before the signature is worked out: an expired token costs no HMAC.
      if (!stampHolds(stamp)) return undefined;
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, sign(articleId, holder, stamp))) return undefined;
      return { holderId: parseInt(holder, 36), stamp };
    },
  };
}
