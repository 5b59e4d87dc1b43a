import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { isAbsoluteHttpUrl } from '../../content/url-rule.js';

/** Where a sent newsletter's links go first: /r/<issue id>/<signature>?u=<destination>. */
export const CLICK_PATH = '/r';

/**
 * Signs and checks the redirects that count a newsletter's link clicks. The signature is an HMAC
 * over the issue id and the destination with the site's secret, so /r/ only ever sends a reader
 * where an issue of ours linked: never an open redirect for anyone else's URL. Only http(s)
 * destinations are signed or followed.
 *
 * @example const links = clickLinks(secret); links.read('7', sig, 'https://example.org/a') // 'https://example.org/a' when sig is genuine
 */
export function clickLinks(secretKey: string) {
  const key = createSecretKey(Buffer.from(secretKey));
  const mac = (issueId: number, url: string) => createHmac('sha256', key).update(`newsletter-click\n${issueId}\n${url}`).digest('base64url').slice(0, 22);
  return {
    /** The tracked address of `url` in issue `issueId`, or `url` itself when it is not an http(s) address. */
    url(siteUrl: string, issueId: number, url: string): string {
      if (!isAbsoluteHttpUrl(url)) return url;
      return `${siteUrl}${CLICK_PATH}/${issueId}/${mac(issueId, url)}?u=${encodeURIComponent(url)}`;
    },

    /** The destination when the signature is genuine for it and the issue, else undefined. */
    read(issueId: string, signature: string, url: string | undefined): { issueId: number; url: string } | undefined {
      if (!/^[1-9][0-9]{0,15}$/.test(issueId) || !/^[A-Za-z0-9_-]{22}$/.test(signature) || !url || !isAbsoluteHttpUrl(url)) return undefined;
      const id = Number(issueId);
      return timingSafeEqual(Buffer.from(mac(id, url)), Buffer.from(signature)) ? { issueId: id, url } : undefined;
    },
  };
}

export type ClickLinks = ReturnType<typeof clickLinks>;

const HREF = /href="(https?:\/\/[^"]+)"/g;
const TEXT_URL = /https?:\/\/[^\s<>"]+/g;
const unescapeAttribute = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
/** Per-recipient placeholders ({{unsubscribe_url}}, a members' issue's article tokens) are the sender's to fill: never wrapped. */
const personal = (url: string) => url.includes('{{');

/**
 * An issue's HTML and text with every http(s) link sent through its click redirect, once per
 * send (the rewritten content is then personalised per recipient as before).
 */
export function withTrackedLinks<T extends { id: number; html: string; text: string }>(issue: T, links: ClickLinks, siteUrl: string): T {
  const track = (url: string) => (personal(url) ? url : links.url(siteUrl, issue.id, url));
  return {
    ...issue,
    html: issue.html.replace(HREF, (_, href: string) => `href="${escapeAttribute(track(unescapeAttribute(href)))}"`),
    text: issue.text.replace(TEXT_URL, (url) => track(url)),
  };
}
