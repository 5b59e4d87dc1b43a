import { BroadsheetError } from '../errors.js';

/** Email links need the site's public address, and SITE_URL does not give it. */
export class SiteUrlNotConfiguredError extends BroadsheetError {
  override name = 'SiteUrlNotConfiguredError';
  override readonly status = 503;
  constructor(guess?: string) {
    super(
      `Sending email needs SITE_URL, the site's public address (for example SITE_URL=https://news.example.org)` +
        (guess ? `: without it the links in emails would point at ${guess}, which readers cannot reach` : ''),
    );
  }
}

/**
 * The base of every link in an email, or a SiteUrlNotConfiguredError when SITE_URL was not
 * set. The server can derive an address for its own pages (`http://HOST:PORT`), but a
 * reader's inbox is somewhere else: a link in an email must be the public one or none.
 *
 * @example emailLinkBase({ siteUrl: 'https://news.example.org/' })() // 'https://news.example.org'
 */
export function emailLinkBase(config: { siteUrl?: string; siteUrlDerived?: boolean }): () => string {
  const { siteUrl, siteUrlDerived } = config;
  if (!siteUrl || siteUrlDerived) {
    return () => {
      throw new SiteUrlNotConfiguredError(siteUrl);
    };
  }
  const base = siteUrl.replace(/\/$/, '');
  return () => base;
}
