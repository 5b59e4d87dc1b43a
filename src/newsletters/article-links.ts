import { articleTokens } from '../crypto/article-tokens.js';

const DAY = 86_400_000;
/** How long a members' issue opens its gated articles for its reader. */
export const ARTICLE_LINK_DAYS = 30;

/**
 * The per-recipient placeholder of the n-th item's token in a members-only issue (filled by the
 * sender). Letters, not digits (0 → a, 26 → ba): message templates name slots in [a-z_].
 */
export const articleLinkPlaceholder = (index: number) => `{{article_link_${[...index.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}}}`;

/**
 * Tokens in a members-only issue's links: `reader.expiryDay.signature` (articleTokens, the
 * last day it opens counted in days since 1970), so a token opens only the article it was made
 * for, and only until it expires. It rides in the `gift` parameter, so the render cache and
 * access treat it as they treat a gift link: the full article for whoever holds it, never
 * counted on the meter.
 *
 * @example const links = articleLinkTokens(secret); links.opens(links.make(7, 3, new Date()), 7, new Date()) // 3
 */
export function articleLinkTokens(secretKey: string) {
  const tokens = articleTokens(secretKey, 'broadsheet:issue-article-link');
  const today = (at: Date) => Math.floor(at.getTime() / DAY);
  return {
    make: (articleId: number, readerId: number, at: Date): string => tokens.make(articleId, readerId, (today(at) + ARTICLE_LINK_DAYS).toString(36)),

    /** The reader a token was made for, when it is this article's and has not expired; else undefined. */
    opens(token: string | undefined, articleId: number, at: Date): number | undefined {
      return tokens.read(token, articleId, (until) => /^[0-9a-z]{1,8}$/.test(until) && parseInt(until, 36) >= today(at))?.holderId;
    },
  };
}

export type ArticleLinkTokens = ReturnType<typeof articleLinkTokens>;
