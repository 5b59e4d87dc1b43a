import type { Context } from 'hono';
import type { Config } from '../../config.js';
import type { Services } from '../../services.js';
import { siteChrome } from '../../reader-ui/chrome.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';

export type SiteConfig = Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'>;

/** What every reader route needs: the services, the config and the page chrome. */
export interface SiteContext {
  services: Services;
  config: SiteConfig;
  chrome(): Promise<SiteChrome>;
}

export function siteContext(services: Services, config: SiteConfig): SiteContext {
  return {
    services,
    config,
    chrome: siteChrome(services, config.siteName),
  };
}

export const PAGE_SIZE = 20;

/** How deep a reader may page; further back, the archive by month is the way in. */
const MAX_PAGE = 10_000;

/** The ?page= number, 1 when absent or not a number; undefined when out of range (a 404). */
export function pageParam(c: Context): number | undefined {
  const raw = c.req.query('page');
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) return undefined;
  const page = Number(raw);
  return page <= MAX_PAGE ? page : undefined;
}

/** One page of a newest-first list: asks for one extra row to know whether another page follows. */
export async function paged<T>(page: number, load: (limit: number, offset: number) => Promise<T[]>, size = PAGE_SIZE) {
  const rows = await load(size + 1, (page - 1) * size);
  return { items: rows.slice(0, size), hasNext: rows.length > size, empty: rows.length === 0 };
}
