import { z } from 'zod';

/**
 * The one rule for the URLs of images and links, wherever they come from (the newsroom's
 * forms, an import, a body block): an absolute http(s) URL a URL parser accepts, or a path on
 * this site. Browsers read `//host/x` and `/\host/x` as another host, so a site path is one `/`
 * followed by neither; `javascript:`, `data:` and relative paths are neither shape. Whitespace,
 * control characters and backslashes are refused anywhere: browsers strip or reinterpret them.
 * Pages, feeds and share cards print these URLs, and a feed library throws on a broken one.
 */

export const URL_MAX_LENGTH = 2048;

export const urlRuleMessage = 'must be a web address (https://…) or a path on this site starting with a single / (/media/…)';

const SITE = 'http://site.invalid';

/** Whether `value` is an absolute http(s) URL or a path on this site, by the rule above. */
export function isAcceptedUrl(value: string): boolean {
  if (value.length === 0 || value.length > URL_MAX_LENGTH) return false;
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) return false;
  // `http:///host` parses as http://host/: the host must follow the two slashes.
  if (/^https?:/i.test(value)) return /^https?:\/\/[^/]/i.test(value) && URL.canParse(value);
  return value.startsWith('/') && value[1] !== '/' && URL.canParse(value, SITE) && new URL(value, SITE).origin === SITE;
}

/** Whether `value` is accepted and points at another host (an embed needs one). */
export const isAbsoluteHttpUrl = (value: string) => /^https?:\/\//i.test(value) && isAcceptedUrl(value);

const urlString = (emptyAllowed: boolean) =>
  z
    .string()
    .trim()
    .max(URL_MAX_LENGTH)
    .refine((u) => u.length > URL_MAX_LENGTH || (emptyAllowed && u === '') || isAcceptedUrl(u), urlRuleMessage);

/** The URL rule as a zod string schema, for the inputs that take an image or link. */
export const urlSchema = urlString(false);

/** An image URL a form may leave out: empty (or only spaces) is stored as none. */
export const optionalUrlSchema = urlString(true)
  .transform((u) => u || null)
  .nullable()
  .optional();

/**
 * A stored URL as it may be printed: undefined when it breaks the rule, so that a bad URL
 * saved before the rule existed (or written straight into the database) drops its image
 * instead of the page.
 */
export const renderableUrl = (value: string | null | undefined): string | undefined => (value && isAcceptedUrl(value) ? value : undefined);

/**
 * A stored URL made absolute on the site, for feeds and share cards; undefined when it breaks the rule.
 *
 * @example absoluteRenderableUrl('https://news.example', '/media/a.jpg') // 'https://news.example/media/a.jpg'
 */
export function absoluteRenderableUrl(siteUrl: string, value: string | null | undefined): string | undefined {
  const url = renderableUrl(value);
  return url && new URL(url, `${siteUrl.replace(/\/$/, '')}/`).toString();
}
