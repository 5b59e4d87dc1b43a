import type { Services } from '../services.js';
import type { SiteChrome } from './Layout.js';

/**
 * Loads what every reader page's frame shows: the site's name, its sections and the
 * admin's site settings (the support prompt, the partner slot's default place).
 *
 * @example const chrome = siteChrome(services, config.siteName); <Layout chrome={await chrome()} …>
 */
export function siteChrome(services: Pick<Services, 'taxonomy' | 'settings'>, siteName: string): () => Promise<SiteChrome> {
  return async () => {
    const [sections, settings] = await Promise.all([services.taxonomy.listSections(), services.settings.get()]);
    return { siteName, sections, settings };
  };
}
