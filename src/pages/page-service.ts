import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authorize } from '../accounts/policy.js';
import type { Actor } from '../content/article-policy.js';
import { parseBody, type Body } from '../content/blocks.js';
import type { ContentEvents } from '../content/events.js';
import { slugSchema } from '../content/slug.js';
import type { DB } from '../db/schema.js';
import { fromZod, NotFoundError, ValidationError } from '../errors.js';
import { pageStore, type PageLink, type PageRow } from './page-store.js';
import { RESERVED_PAGE_SLUGS } from './reserved-slugs.js';

/** A page as the newsroom and readers see it. */
export interface Page {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: Body;
  status: 'draft' | 'published';
  path: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export type { PageLink };

export const pageInput = z.object({
  slug: slugSchema.refine((s) => !RESERVED_PAGE_SLUGS.has(s), 'is one of the site’s own addresses; choose another'),
  title: z.string().trim().min(1, 'is required').max(200),
  standfirst: z.string().trim().max(500).default(''),
  body: z.unknown().default([]),
  status: z.enum(['draft', 'published'], { message: 'must be draft or published' }).default('draft'),
});
/** What an edge sends; the status is checked with the rest. */
export type PageInput = Omit<z.input<typeof pageInput>, 'status'> & { status?: string };

const toPage = (row: PageRow): Page => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  standfirst: row.standfirst,
  body: JSON.parse(row.body) as Body,
  status: row.status,
  path: `/${row.slug}`,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
});

const refused = (path: string, message: string) => new ValidationError('The page was not saved', [{ path, message }]);

export interface PageServiceOptions {
  events: ContentEvents;
  /** Sections own their `/{slug}` too: a page may not take one's address. */
  sections: { findSection(slug: string): Promise<{ name: string } | undefined> };
  clock?: () => Date;
}

/**
 * Standing pages (About, Masthead, Contact, Privacy, Terms…) at `/{slug}`. Editors and admins
 * manage them; readers see published ones. A page never takes an address the site or a
 * section uses; should a section be given a page's slug later, the section wins the address
 * and the newsroom's list says the page is hidden (`shadowedBy`).
 */
export function pageService(db: Kysely<DB>, { events, sections, clock = () => new Date() }: PageServiceOptions) {
  const store = pageStore(db);

  async function validate(input: PageInput, id?: number) {
    const result = pageInput.safeParse(input);
    if (!result.success) throw fromZod('The page was not saved', result.error);
    const p = result.data;
    let body: Body;
    try {
      body = parseBody(typeof p.body === 'string' ? JSON.parse(p.body) : p.body);
    } catch (error) {
      // The form shows one problem on the body; the first block at fault names where to look.
      const first = error instanceof ValidationError ? error.issues[0] : undefined;
      throw refused('body', first ? `has a malformed block (${first.path}: ${first.message})` : 'could not be read: it is not the editor’s block JSON');
    }
    const section = await sections.findSection(p.slug);
    if (section) throw refused('slug', `is the address of the section “${section.name}”; choose another`);
    const taken = await store.bySlug(p.slug);
    if (taken && taken.id !== id) throw refused('slug', `is taken by the page “${taken.title}”`);
    return { slug: p.slug, title: p.title, standfirst: p.standfirst, body: JSON.stringify(body), status: p.status };
  }

  const changed = (row: PageRow) => {
    events.emit({ entity: 'page', id: row.id });
    return toPage(row);
  };

  return {
    /** Every page, drafts too, each with the section hiding it if one has taken its address since. */
    async list(actor: Actor): Promise<Array<Page & { shadowedBy?: string }>> {
      authorize(actor, 'pages.manage');
      const rows = await store.list();
      return Promise.all(rows.map(async (row) => ({ ...toPage(row), shadowedBy: (await sections.findSection(row.slug))?.name })));
    },

    async get(actor: Actor, id: number): Promise<Page> {
      authorize(actor, 'pages.manage');
      const row = await store.get(id);
      if (!row) throw new NotFoundError('No such page');
      return toPage(row);
    },

    async create(actor: Actor, input: PageInput): Promise<Page> {
      authorize(actor, 'pages.manage');
      return changed(await store.insert(await validate(input), clock().toISOString()));
    },

    async update(actor: Actor, id: number, input: PageInput): Promise<Page> {
      authorize(actor, 'pages.manage');
      const row = await store.update(id, await validate(input, id), clock().toISOString());
      if (!row) throw new NotFoundError('No such page');
      return changed(row);
    },

    async remove(actor: Actor, id: number): Promise<void> {
      authorize(actor, 'pages.manage');
      if (!(await store.remove(id))) throw new NotFoundError('No such page');
      events.emit({ entity: 'page', id });
    },

    /** The published page readers get at `/{slug}`; none when a section holds that address. */
    async forReaders(slug: string): Promise<Page | undefined> {
      const row = await store.publishedBySlug(slug);
      if (!row || (await sections.findSection(slug))) return undefined;
      return toPage(row);
    },

    /** The published pages' slugs and titles, by title: the footer's and the sitemap's list. */
    publishedLinks: (): Promise<PageLink[]> => store.publishedLinks(),
  };
}

export type PageService = ReturnType<typeof pageService>;
