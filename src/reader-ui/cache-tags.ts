import type { Context } from 'hono';
import type { AccessMeta } from '../access/access-service.js';

/**
 * How a reader page says what it shows, so the render cache can keep it and drop it
 * exactly when that content changes. A route calls `cachePage(c, [...tags])` before
 * returning its HTML; a page that does not call it is never cached (admin, search,
 * forms, error pages, anything that differs per reader).
 *
 * Tags are the Surrogate-Key values a CDN purges by, so name what the page SHOWS:
 * - `tag.article(id)` for the article page and for every teaser on a list;
 * - `tag.section(id)`, `tag.author(id)`, `tag.topic(id)`, `tag.printIssue(id)` when the
 *   page prints that entity's name, bio, cover…;
 * - `tag.sections` on every page with the site navigation (the Layout lists sections);
 * - `tag.newsletters` where the newsletter catalogue or signup box appears,
 *   `tag.newsletter(id)` on one newsletter's archive of sent issues;
 * - `tag.partner(id)` per partner piece shown, `list.partners` where the slot picks them;
 * - `tag.front(id)` on every page of a front editors curate (pinned top slots);
 * - a `list.*` tag wherever the page shows the newest items of a list an article can
 *   join (home rails, related articles by topic): publishing or moving an article
 *   drops the lists it belongs to; a paginated list page also passes `{ pageOf }`.
 *
 * @example cachePage(c, [tag.sections, tag.section(section.id), ...articles.map((a) => tag.article(a.id))], { pageOf: list.section(section.id) })
 */
export const tag = {
  article: (id: number) => `article:${id}`,
  section: (id: number) => `section:${id}`,
  author: (id: number) => `author:${id}`,
  topic: (id: number) => `topic:${id}`,
  printIssue: (id: number) => `print_issue:${id}`,
  partner: (id: number) => `partner:${id}`,
  newsletter: (id: number) => `newsletter:${id}`,
  /** Every page of a front whose top slots are curated: the section's id, 0 for the home page. */
  front: (sectionId: number) => `front:${sectionId}`,
  /** A standing page (About, Privacy…) at `/{slug}`. */
  page: (id: number) => `page:${id}`,
  sections: 'sections',
  newsletters: 'newsletters',
} as const;

/** Lists an article joins by being published; their tags start with `list:`. */
export const list = {
  /** Everything ordered by date across the site: home, /feed, sitemaps. */
  latest: 'list:latest',
  section: (id: number) => `list:section:${id}`,
  author: (id: number) => `list:author:${id}`,
  topic: (id: number) => `list:topic:${id}`,
  printIssue: (id: number) => `list:print_issue:${id}`,
  /** Which print issues exist (the home page's latest issue, the issue index). */
  printIssues: 'list:print_issues',
  /** Partner pieces available to the "Content from our partners" slot. */
  partners: 'list:partners',
  /** Published articles that carry a correction or update note (/corrections). */
  corrections: 'list:corrections',
  /** The archive: `archive()` the index, `archive('2022')` a year, `archive('2022', '01')` a month. */
  archive: (year?: string, month?: string) => ['list:archive', year, month].filter(Boolean).join(':'),
} as const;

/** What a route declared about its page. */
export interface CacheDeclaration {
  tags: string[];
  /** The paginated list (a `list.*` tag) this page is one page of. */
  pageOf?: string;
  /** One form of a page with forms (an article behind the meter, src/access), with the headers this request's answer adds. */
  form?: { name: string; access: AccessMeta; headers: Record<string, string> };
}

declare module 'hono' {
  interface ContextVariableMap {
    renderCache: CacheDeclaration;
  }
}

/**
 * Marks this response as cacheable, depending on `tags`: the same page for every reader,
 * signed in or not (only its asks are filled per reader), so nothing read from the reader's
 * session may go into it. A page of a paginated list passes `pageOf` (its list tag is added
 * to its tags too), so that an article leaving the list also drops the pages after the one
 * that showed it.
 */
export function cachePage(c: Context, tags: Iterable<string>, { pageOf }: { pageOf?: string } = {}): void {
  const current = c.get('renderCache');
  const all = new Set([...(current?.tags ?? []), ...tags, ...(pageOf ? [pageOf] : [])]);
  c.set('renderCache', { tags: [...all], pageOf: pageOf ?? current?.pageOf, form: current?.form });
}

/**
 * Marks this response as one form of a page with forms: the cache keeps each form once and
 * chooses among them per request; `headers` (the meter cookie) go on this answer only.
 */
export function cacheForm(c: Context, form: NonNullable<CacheDeclaration['form']>): void {
  const current = c.get('renderCache');
  c.set('renderCache', { tags: current?.tags ?? [], pageOf: current?.pageOf, form });
}

/** What the route declared, or undefined when it did not opt in to caching. */
export function declaredCache(c: Context): CacheDeclaration | undefined {
  return c.get('renderCache');
}
