import type { Services } from '../services.js';
import type { SiteChrome } from './Layout.js';

/**
 * Loads what every reader page's frame shows: the site's name, its sections, the
 * admin's site settings (the support prompt, the partner slot's default place), the
 * published pages the footer links to, and the uploads behind writers' photos and covers.
 *
 * @example const chrome = siteChrome(services, config.siteName); <Layout chrome={await chrome()} …>
 */
export function siteChrome(services: Pick<Services, 'taxonomy' | 'settings' | 'pages'> & Partial<Pick<Services, 'uploadedPictures'>>, siteName: string): () => Promise<SiteChrome> {
  return async () => {
    const [sections, settings, pages, pictures] = await Promise.all([
      services.taxonomy.listSections(),
      services.settings.get(),
      services.pages.publishedLinks(),
      services.uploadedPictures?.portraitsAndCovers(),
    ]);
    return { siteName, sections, settings, pages, pictures };
  };
}
