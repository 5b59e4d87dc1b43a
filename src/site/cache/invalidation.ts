import type { Article } from '../../content/article-store.js';
import type { ContentChange, ContentEvents } from '../../content/events.js';
import type { RenderCache } from './render-cache.js';
import { list, tag } from '../../reader-ui/cache-tags.js';

export interface InvalidationSources {
  events: ContentEvents;
  articles: { get(id: number): Promise<Article | undefined> };
  newsletters: { list(): Promise<Array<{ id: number; slug: string; name: string; description: string; cadence: { label: string } | null; marketing: boolean; position: number }>> };
  pages: { publishedLinks(): Promise<Array<{ slug: string; title: string }>> };
}

/** Articles whose lists are remembered; beyond it the oldest are forgotten and cost a wider drop. */
const MAX_MEMBERSHIPS = 20_000;
/** Lookups in flight at once; a burst beyond it (an import) empties the cache instead. */
const MAX_LOOKUPS = 64;

/** The lists a published article appears on; an unpublished one is on none. */
export function listsOf(article: Article): string[] {
  if (article.status !== 'published') return [];
  return [
    list.latest,
    list.section(article.section.id),
    ...article.authors.map((a) => list.author(a.id)),
    ...article.topics.filter((t) => !t.suggested).map((t) => list.topic(t.id)),
    ...(article.printIssue ? [list.printIssue(article.printIssue.id)] : []),
    ...(article.sponsor ? [list.partners] : []),
    ...(article.body.some((b) => b.type === 'note') ? [list.corrections] : []),
    ...archiveListsOf(article),
  ];
}

/**
 * The archive lists of the month in an article's URL, published or not: that month keeps the
 * article for good, so a withdrawal is found there even when nothing remembers the article's
 * lists (the first change since start) and no cached page showed it. Its counts and sitemap change.
 */
function archiveListsOf(article: Article): string[] {
  if (!article.firstPublishedAt) return [];
  const [, , year, month] = article.path.split('/');
  return [list.archive(), list.archive(year), list.archive(year, month)];
}

/** What readers see of the catalogue: sending an issue changes none of it. */
const catalogueFingerprint = (items: Awaited<ReturnType<InvalidationSources['newsletters']['list']>>) =>
  JSON.stringify(items.map((n) => [n.id, n.slug, n.name, n.description, n.cadence?.label ?? null, n.marketing, n.position]));

/**
 * Listens to content changes and drops exactly the cached pages they affect.
 * The page that showed the thing goes at once (its tag); the lists an article joins or
 * leaves need a lookup, which the cache tracks so that no reader is served a page that
 * is about to be dropped. Returns the unsubscribe function.
 */
export function invalidateOnChange(cache: RenderCache, sources: InvalidationSources): () => void {
  // The lists each article was last seen on, so leaving a list drops it as precisely as joining one.
  const memberships = new Map<number, string[]>();
  let catalogue: string | undefined;
  let catalogueChanged = false;
  // Known from the start, so that the first issue sent does not look like a catalogue edit.
  cache.track(
    sources.newsletters.list().then((items) => {
      if (!catalogueChanged) catalogue = catalogueFingerprint(items);
    }),
  );

  // The footer of every page lists the published pages: only a change to that list drops them all.
  let pageLinks: string | undefined;
  cache.track(
    sources.pages.publishedLinks().then((links) => {
      pageLinks ??= JSON.stringify(links);
    }),
  );
  const onPage = async (id: number) => {
    cache.invalidate([tag.page(id)]);
    const next = JSON.stringify(await sources.pages.publishedLinks());
    // Every page in the layout carries the navigation's tag.
    if (next !== pageLinks) cache.invalidate([tag.sections]);
    pageLinks = next;
  };

  let lookups = 0;

  const onArticle = async (id: number) => {
    const before = memberships.get(id);
    const article = await sources.articles.get(id);
    const now = article ? listsOf(article) : [];
    memberships.delete(id);
    if (now.length) memberships.set(id, now);
    if (memberships.size > MAX_MEMBERSHIPS) memberships.delete(memberships.keys().next().value!);
    // Without a record of where it was (first change since start), the lists of the pages
    // that showed it stand in for it.
    cache.invalidate([tag.article(id), ...now, ...(before ?? []), ...(article ? archiveListsOf(article) : [])], { withTheirLists: before === undefined });
  };

  const onNewsletter = async (id: number) => {
    cache.invalidate([tag.newsletter(id)]);
    const next = catalogueFingerprint(await sources.newsletters.list());
    if (next !== catalogue) cache.invalidate([tag.newsletters]);
    catalogue = next;
  };

  const handle = (change: ContentChange) => {
    const { entity, id } = change;
    switch (entity) {
      case 'article':
        cache.invalidate([tag.article(id)]);
        if (lookups >= MAX_LOOKUPS) {
          // An import announces thousands at once: starting over is cheaper than looking each up.
          memberships.delete(id);
          return cache.clear();
        }
        lookups++;
        return cache.track(
          onArticle(id)
            .catch(() => cache.clear())
            .finally(() => lookups--),
        );
      case 'section':
        return cache.invalidate([tag.section(id), tag.sections, list.section(id)]);
      case 'author':
        return cache.invalidate([tag.author(id), list.author(id)]);
      case 'topic':
        return cache.invalidate([tag.topic(id), list.topic(id)]);
      case 'print_issue':
        return cache.invalidate([tag.printIssue(id), list.printIssue(id), list.printIssues]);
      case 'partner':
        return cache.invalidate([tag.partner(id), list.partners]);
      case 'newsletter':
        catalogueChanged = true;
        return cache.track(onNewsletter(id).catch(() => cache.clear()));
      case 'front':
        return cache.invalidate([tag.front(id)]);
      case 'page':
        cache.invalidate([tag.page(id)]);
        return cache.track(onPage(id).catch(() => cache.clear()));
      case 'settings':
        // Every page shows the support prompt.
        return cache.clear();
    }
  };

  return sources.events.onChange((change) => {
    try {
      handle(change);
    } catch {
      // A cache must never undo a save; the safe fallback is an empty cache.
      cache.clear();
    }
  });
}
