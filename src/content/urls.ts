import { z } from 'zod';
import { publicMediaUrl } from '../media/public-url.js';
import { isAcceptedUrl, URL_MAX_LENGTH, urlRuleMessage } from './url-rule.js';

/** The URL rule (src/content/url-rule.ts) as zod schemas, and as it applies when URLs are printed. */

export { isAbsoluteHttpUrl, isAcceptedUrl, isSitePath, URL_MAX_LENGTH, urlRuleMessage } from './url-rule.js';

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
 * A stored URL made absolute on the site (an upload's at MEDIA_URL when that is set), for feeds
 * and share cards; undefined when it breaks the rule.
 *
 * @example absoluteRenderableUrl('https://news.example', '/media/a.jpg') // 'https://news.example/media/a.jpg'
 */
export function absoluteRenderableUrl(siteUrl: string, value: string | null | undefined): string | undefined {
  const url = renderableUrl(value);
  return url && new URL(publicMediaUrl(url), `${siteUrl.replace(/\/$/, '')}/`).toString();
}
