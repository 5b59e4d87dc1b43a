import type { Services } from '../services.js';
import type { SiteChrome } from './Layout.js';

/**
 * Loads what every reader page's frame shows: the site's name, its sections, the
 * admin's site settings (the support prompt, the partner slot's default place), the
 * published pages the footer links to, and the uploads behind writers' photos and covers.
 * While none of them changes, every call answers the same object.
 *
 * @example const chrome = siteChrome(services, config.siteName); <Layout chrome={await chrome()} …>
 */
export function siteChrome(services: Pick<Services, 'taxonomy' | 'settings' | 'pages'> & Partial<Pick<Services, 'uploadedPictures'>>, siteName: string): () => Promise<SiteChrome> {
  let last: SiteChrome | undefined;
  return async () => {
    const [sections, settings, pages, pictures] = await Promise.all([
      services.taxonomy.listSections(),
      services.settings.get(),
      services.pages.publishedLinks(),
      services.uploadedPictures?.portraitsAndCovers(),
    ]);
    // The same object while its parts are (they are replaced when changed: src/site/cache/site-data.ts), so the markup rendered from it once is reused.
    if (!last || last.sections !== sections || last.settings !== settings || last.pages !== pages || last.pictures !== pictures) last = { siteName, sections, settings, pages, pictures };
    return last;
  };
}
