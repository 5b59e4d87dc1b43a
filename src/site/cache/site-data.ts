import type { ContentEntity, ContentEvents } from '../../content/events.js';
import type { Services } from '../../services.js';

/**
 * Remembers a loader's answer until a change to one of `entities` is announced: data
 * every page shows (the sections, the settings, the newsletter catalogue, the partner
 * pieces) is read once, not on every render.
 *
 * @example const sections = memoUntilChange(events, ['section'], () => taxonomy.listSections());
 */
export function memoUntilChange<T>(events: ContentEvents, entities: ContentEntity[], load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  events.onChange((change) => {
    if (entities.includes(change.entity)) value = undefined;
  });
  return () =>
    (value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}

/** How many partner pieces are kept: enough for a slot of three that leaves out the page's own. */
const PARTNER_POOL = 8;

/**
 * The services the reader routes get: the same, except that the site-wide lists every
 * page renders come from memory, refreshed by content events.
 */
export function withSiteDataMemo(services: Services): Services {
  const { events, taxonomy, newsletters, articles, settings, pages, uploadedPictures } = services;
  const listSections = memoUntilChange(events, ['section'], () => taxonomy.listSections());
  const listNewsletters = memoUntilChange(events, ['newsletter'], () => newsletters.list());
  const partnerPool = memoUntilChange(events, ['article', 'partner'], () => articles.partnerPieces(PARTNER_POOL));
  const siteSettings = memoUntilChange(events, ['settings'], () => settings.get());
  const pageLinks = memoUntilChange(events, ['page'], () => pages.publishedLinks());
  const portraitsAndCovers = memoUntilChange(events, ['author', 'print_issue'], () => uploadedPictures.portraitsAndCovers());
  return {
    ...services,
    settings: { ...settings, get: siteSettings },
    pages: { ...pages, publishedLinks: pageLinks },
    uploadedPictures: { ...uploadedPictures, portraitsAndCovers },
    taxonomy: { ...taxonomy, listSections },
    newsletters: { ...newsletters, list: listNewsletters },
    articles: {
      ...articles,
      async partnerPieces(limit = 3, excludeId?: number) {
        if (limit > PARTNER_POOL - 1) return articles.partnerPieces(limit, excludeId);
        return (await partnerPool()).filter((p) => p.id !== excludeId).slice(0, limit);
      },
    },
  };
}
