import { articleTokens } from '../crypto/article-tokens.js';

/** `YYYY-MM` of the month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Gift links' tokens: `giver.YYYY-MM.signature` (articleTokens, so a token opens only the
 * article it was made for). A gift opens its article in the month it was given and the next,
 * so a link sent on the 31st still works when it is read.
 *
 * @example const gifts = giftTokens(secret); gifts.opens(gifts.make(7, 3, '2026-12'), 7, '2026-12') // true
 */
export function giftTokens(secretKey: string) {
  const tokens = articleTokens(secretKey, 'broadsheet:gift-link');
  return {
    make: (articleId: number, giverId: number, month: string): string => tokens.make(articleId, giverId, month),

    /** Whether `token` is a gift of this article, given this month or last. */
    opens(token: string | undefined, articleId: number, currentMonth: string): boolean {
      return tokens.read(token, articleId, (month) => month === currentMonth || month === previousMonth(currentMonth)) !== undefined;
    },
  };
}
