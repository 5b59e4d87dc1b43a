import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { isAbsoluteHttpUrl } from '../../content/url-rule.js';

/** Where a sent newsletter's links go first: /r/<issue id>/<signature>?u=<destination>. */
export const CLICK_PATH = '/r';
/** A members-only issue's link: the reader's own article token, unsigned, put back as `?gift=` on the way through. */
export const GIFT_QUERY = 'g';
/** What an article token looks like (src/crypto/article-tokens.ts): anything else is refused before it reaches a page. */
const GIFT_TOKEN = /^[0-9A-Za-z._-]{1,100}$/;

/**
 * Signs and checks the redirects that count a newsletter's link clicks. The signature is an HMAC
 * over the issue id and the destination with the site's secret, so /r/ only ever sends a reader
 * where an issue of ours linked: never an open redirect for anyone else's URL. Only http(s)
 * destinations are signed or followed.
 *
 * A members-only issue links each article with its reader's own token (`?gift=`), which one
 * signature per issue cannot cover: such a link is signed without the token, as one that takes
 * a gift (a different HMAC, so no other link can be made to take one), and carries the token
 * in `g`, which the redirect puts back as the destination's `gift` parameter. The token opens
 * an article only if it is genuine (the article page checks it), and cannot change where the
 * reader goes.
 *
 * @example const links = clickLinks(secret); links.read('7', sig, 'https://example.org/a') // { issueId: 7, url: 'https://example.org/a', to: 'https://example.org/a' } when sig is genuine
 */
export function clickLinks(secretKey: string) {
  const key = createSecretKey(Buffer.from(secretKey));
  const mac = (issueId: number, url: string, takesGift: boolean) =>
    createHmac('sha256', key)
      .update(`newsletter-click\n${issueId}\n${url}${takesGift ? '\ngift' : ''}`)
      .digest('base64url')
      .slice(0, 22);
  return {
    /**
     * The tracked address of `url` in issue `issueId`, or `url` itself when it is not an http(s)
     * address; `gift` (a per-reader placeholder the sender fills in) rides along unsigned.
     */
    url(siteUrl: string, issueId: number, url: string, gift?: string): string {
      if (!isAbsoluteHttpUrl(url)) return url;
      const tracked = `${siteUrl}${CLICK_PATH}/${issueId}/${mac(issueId, url, gift !== undefined)}?u=${encodeURIComponent(url)}`;
      return gift === undefined ? tracked : `${tracked}&${GIFT_QUERY}=${gift}`;
    },

    /**
     * The link (`url`, as counted) and where the reader goes (`to`: the link, with their gift
     * token put back) when the signature is genuine for the link, the issue and whether it takes
     * a gift; else undefined.
     */
    read(issueId: string, signature: string, url: string | undefined, gift?: string): { issueId: number; url: string; to: string } | undefined {
      if (!/^[1-9][0-9]{0,15}$/.test(issueId) || !/^[A-Za-z0-9_-]{22}$/.test(signature) || !url || !isAbsoluteHttpUrl(url)) return undefined;
      if (gift !== undefined && !GIFT_TOKEN.test(gift)) return undefined;
      const id = Number(issueId);
      if (!timingSafeEqual(Buffer.from(mac(id, url, gift !== undefined)), Buffer.from(signature))) return undefined;
      return { issueId: id, url, to: gift === undefined ? url : withGift(url, gift) };
    },
  };
}

/** `url` with `?gift=<token>` (before any #fragment). */
function withGift(url: string, token: string): string {
  const hash = url.indexOf('#');
  const [base, fragment] = hash === -1 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}gift=${token}${fragment}`;
}

export type ClickLinks = ReturnType<typeof clickLinks>;

const HREF = /href="(https?:\/\/[^"]+)"/g;
const TEXT_URL = /https?:\/\/[^\s<>"]+/g;
const unescapeAttribute = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
/** Per-recipient placeholders ({{unsubscribe_url}}, a members' issue's article tokens) are the sender's to fill. */
const personal = (url: string) => url.includes('{{');
/** A members-only issue's article link: the article, then its reader's token placeholder as the last parameter (src/newsletters/issues.ts). */
const GIFT_PLACEHOLDER = /[?&]gift=(\{\{article_link_[a-z]+\}\})$/;

/**
 * An issue's HTML and text with every http(s) link sent through its click redirect, once per
 * send (the rewritten content is then personalised per recipient as before). A members-only
 * issue's article links go through it too, their token placeholder riding along unsigned;
 * other per-recipient links (unsubscribe, preferences) are left as they are.
 */
export function withTrackedLinks<T extends { id: number; html: string; text: string }>(issue: T, links: ClickLinks, siteUrl: string): T {
  const track = (url: string) => {
    const gift = GIFT_PLACEHOLDER.exec(url);
    const article = gift ? url.slice(0, gift.index) : url;
    return personal(article) || !isAbsoluteHttpUrl(article) ? url : links.url(siteUrl, issue.id, article, gift?.[1]);
  };
  return {
    ...issue,
    html: issue.html.replace(HREF, (_, href: string) => `href="${escapeAttribute(track(unescapeAttribute(href)))}"`),
    text: issue.text.replace(TEXT_URL, (url) => track(url)),
  };
}
