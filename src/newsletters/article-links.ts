import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_BYTES = 16;
const DAY = 86_400_000;
/** How long a members' issue opens its gated articles for its reader. */
export const ARTICLE_LINK_DAYS = 30;

/**
 * The per-recipient placeholder of the n-th item's token in a members-only issue (filled by the
 * sender). Letters, not digits (0 → a, 26 → ba): message templates name slots in [a-z_].
 */
export const articleLinkPlaceholder = (index: number) => `{{article_link_${[...index.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}}}`;

/**
 * Tokens in a members-only issue's links: `reader.expiryDay.signature`, HMAC-SHA256 over the
 * article, the recipient and the last day (days since 1970) it opens, under a key derived from
 * SECRET_KEY for this use alone. The article is in the signed text, not the token, so a token
 * opens only the article it was made for, and only until it expires. It rides in the `gift`
 * parameter, so the render cache and access treat it as they treat a gift link: the full
 * article for whoever holds it, never counted on the meter.
 *
 * @example const links = articleLinkTokens(secret); links.opens(links.make(7, 3, new Date()), 7, new Date()) // 3
 */
export function articleLinkTokens(secretKey: string) {
  const key = createHmac('sha256', secretKey).update('broadsheet:issue-article-link').digest();
  const sign = (articleId: number, reader: string, until: string) =>
    createHmac('sha256', key).update(`${articleId}:${reader}:${until}`).digest().subarray(0, SIGNATURE_BYTES);

  return {
    make(articleId: number, readerId: number, at: Date): string {
      const reader = readerId.toString(36);
      const until = (Math.floor(at.getTime() / DAY) + ARTICLE_LINK_DAYS).toString(36);
      return `${reader}.${until}.${sign(articleId, reader, until).toString('base64url')}`;
    },

    /** The reader a token was made for, when it is this article's and has not expired; else undefined. */
    opens(token: string | undefined, articleId: number, at: Date): number | undefined {
      if (!token || token.length > 100) return undefined;
      const [reader, until, signature, extra] = token.split('.');
      if (!reader || !until || !signature || extra !== undefined || !/^[0-9a-z]{1,12}$/.test(reader) || !/^[0-9a-z]{1,8}$/.test(until)) return undefined;
      if (parseInt(until, 36) < Math.floor(at.getTime() / DAY)) return undefined;
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, sign(articleId, reader, until))) return undefined;
      return parseInt(reader, 36);
    },
  };
}

export type ArticleLinkTokens = ReturnType<typeof articleLinkTokens>;
