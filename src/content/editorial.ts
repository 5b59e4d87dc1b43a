import type { Kysely } from 'kysely';
import { authorizeAccessChange } from '../access/access-policy.js';
import { z } from 'zod';
import type { DB } from '../db/schema.js';
import { fromZod, NotFoundError } from '../errors.js';
import { authorizeDeskFields, canOnArticle, viewableScope, type Actor, type ArticleAction, type Authorize, type DeskFields } from './article-policy.js';
import { articleStore, type Article, type ArticleFilter, type ArticleSummary } from './article-store.js';
import { articlePatch, type ArticleInput, type ArticlePatch } from './article-input.js';
import { inputOf, StaleVersionError, type ArticleService } from './articles.js';
import { autosaveStore } from './autosave-store.js';
import { diffRevisionWords, type DiffSegment, type RevisionSnapshot } from './revision-text.js';

export const noteInput = z.object({
  kind: z.enum(['correction', 'update'], 'must be "correction" or "update"'),
  text: z.string().trim().min(1, 'is required').max(2000),
});

export interface AutosaveResult {
  /** 'article': the draft itself was saved; 'autosave': the edit waits beside the live article. */
  stored: 'article' | 'autosave';
  version: number;
  savedAt: string;
}

export interface Revision {
  id: number;
  version: number;
  createdAt: string;
  userId: number | null;
  snapshot: RevisionSnapshot;
}

export interface EditorialOptions {
  authorize: Authorize;
  /** Dates of correction notes are days in this zone. */
  timeZone: string;
  now?: () => Date;
}

/**
 * What newsroom people do to articles, each action checked against their role:
 * saving with optimistic locking, autosave, workflow moves, corrections, revisions.
 * Storage rules (revisions on every published save, redirects) stay in articles.ts.
 */
export function editorialService(db: Kysely<DB>, articles: ArticleService, options: EditorialOptions) {
  const now = () => options.now?.() ?? new Date();
  const autosaves = autosaveStore(db);
  const store = articleStore(db);

  /** An article the user may see. One they may not is answered as if it did not exist, so probing ids reveals nothing. */
  async function visible(user: Actor, id: number): Promise<Article> {
    const article = await articles.get(id);
    if (!article || !canOnArticle(user, 'article.view', article)) throw new NotFoundError(`No article with id ${id}`);
    return article;
  }

  async function checked(user: Actor, action: ArticleAction, id: number): Promise<Article> {
    const article = await visible(user, id);
    options.authorize(user, action, article);
    return article;
  }

  /**
   * Refuses (403) a save that changes what only the desk may: sponsor, print issue, other
   * people's bylines. `before` must be the version the save applies to, hence the early
   * version check: the update's own check then guarantees nothing changed in between.
   */
  async function checkDeskFields(user: Actor, before: Article | undefined, patch: ArticlePatch, expectedVersion?: number): Promise<void> {
    if (before && expectedVersion !== undefined && before.version !== expectedVersion) throw new StaleVersionError(expectedVersion, before.version);
    const parsed = articlePatch.safeParse(patch);
    if (!parsed.success) throw fromZod('Invalid article', parsed.error);
    const p = parsed.data;
    const sent = (field: keyof ArticlePatch) => Object.hasOwn(patch, field) && p[field] !== undefined;
    const after: Partial<DeskFields> = {};
    if (sent('sponsor')) after.sponsor = p.sponsor || null;
    if (sent('printIssue')) after.printIssue = p.printIssue ?? null;
    if (sent('authors')) after.authorIds = await store.authorIds(p.authors!);
    const stored: DeskFields = before
      ? { sponsor: before.sponsor || null, printIssue: before.printIssue?.number ?? null, authorIds: before.authors.map((a) => a.id) }
      : { sponsor: null, printIssue: null, authorIds: [] };
    authorizeDeskFields(user, stored, after);
    authorizeAccessChange(user, before?.access ?? 'free', sent('access') ? p.access : undefined);
  }

  async function revision(id: number, version: number): Promise<Revision> {
    const row = (await articles.revisions(id)).find((r) => r.version === version);
    if (!row) throw new NotFoundError(`Article ${id} has no revision ${version}`);
    return { id: row.id, version: row.version, createdAt: row.created_at, userId: row.user_id, snapshot: JSON.parse(row.snapshot) as RevisionSnapshot };
  }

  return {
    /** The newsroom's article list: only what the user may see (contributors their own, writers also the published). */
    list: (user: Actor, filter: Omit<ArticleFilter, 'viewableBy'> = {}): Promise<ArticleSummary[]> => articles.list({ ...filter, viewableBy: viewableScope(user) }),

    /** One article for the editor, preview or revisions; NotFoundError when the user may not see it. */
    get: (user: Actor, id: number): Promise<Article> => visible(user, id),

    /** Creates a draft; the user's own author profile is its byline when none is given. */
    async create(user: Actor, input: ArticleInput): Promise<Article> {
      options.authorize(user, 'article.create');
      const authors = input.authors?.length || user.author_id === null ? input.authors : await ownAuthorSlug(db, user.author_id);
      await checkDeskFields(user, undefined, { ...input, authors });
      return articles.create({ ...input, authors }, { userId: user.id });
    },

    /** Saves the editor's changes on top of `expectedVersion`; a stale version throws StaleVersionError and writes nothing. */
    async save(user: Actor, id: number, patch: ArticlePatch, expectedVersion: number): Promise<Article> {
      await checkDeskFields(user, await checked(user, 'article.edit', id), patch, expectedVersion);
      const saved = await articles.update(id, patch, { expectedVersion, userId: user.id });
      await autosaves.clear(id, user.id);
      return saved;
    },

    /**
     * Keeps work in progress. Unpublished work is saved in place (with the same version check);
     * for a live article the edit is kept aside, so readers never see half-finished copy.
     */
    async autosave(user: Actor, id: number, patch: ArticlePatch, expectedVersion: number): Promise<AutosaveResult> {
      const article = await checked(user, 'article.edit', id);
      // Also refuses a stale version, which the live branch below relies on.
      await checkDeskFields(user, article, patch, expectedVersion);
      if (article.status !== 'published') {
        const saved = await articles.update(id, patch, { expectedVersion, userId: user.id });
        return { stored: 'article', version: saved.version, savedAt: saved.updatedAt };
      }
      const parsed = articlePatch.safeParse(patch);
      if (!parsed.success) throw fromZod('Invalid article', parsed.error);
      const at = now().toISOString();
      const sent = Object.fromEntries(Object.entries(parsed.data).filter(([k]) => Object.hasOwn(patch, k)));
      await autosaves.put(id, user.id, expectedVersion, { ...inputOf(article), ...sent }, at);
      return { stored: 'autosave', version: article.version, savedAt: at };
    },

    /** The user's kept edit of a live article, if any, with the version it started from. */
    async pendingAutosave(user: Actor, id: number): Promise<{ baseVersion: number; savedAt: string; input: ArticleInput } | undefined> {
      await visible(user, id);
      const row = await autosaves.get(id, user.id);
      return row && { baseVersion: row.base_version, savedAt: row.saved_at, input: JSON.parse(row.snapshot) as ArticleInput };
    },

    submit: async (user: Actor, id: number) => (await checked(user, 'article.submit', id), articles.submitForReview(id)),
    publish: async (user: Actor, id: number) => (await checked(user, 'article.publish', id), articles.publish(id)),
    schedule: async (user: Actor, id: number, when: string) => (await checked(user, 'article.publish', id), articles.schedule(id, when)),
    unpublish: async (user: Actor, id: number) => (await checked(user, 'article.unpublish', id), articles.unpublish(id)),
    returnToDraft: async (user: Actor, id: number) => (await checked(user, 'article.edit', id), articles.returnToDraft(id)),

    /** Appends a dated correction or update note that readers see at the end of the article. */
    async addNote(user: Actor, id: number, input: z.input<typeof noteInput>, expectedVersion: number): Promise<Article> {
      const article = await checked(user, 'article.note', id);
      const parsed = noteInput.safeParse(input);
      if (!parsed.success) throw fromZod('Invalid note', parsed.error);
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());
      const body = [...article.body, { type: 'note' as const, kind: parsed.data.kind, date, text: parsed.data.text }];
      return articles.update(id, { body }, { expectedVersion, userId: user.id });
    },

    /** Revisions, newest first. */
    async revisions(user: Actor, id: number): Promise<Revision[]> {
      await visible(user, id);
      return (await articles.revisions(id)).map((r) => ({
        id: r.id,
        version: r.version,
        createdAt: r.created_at,
        userId: r.user_id,
        snapshot: JSON.parse(r.snapshot) as RevisionSnapshot,
      }));
    },

    /** What changed from one revision to another, word by word. */
    async diff(user: Actor, id: number, fromVersion: number, toVersion: number): Promise<DiffSegment[]> {
      await visible(user, id);
      const [from, to] = await Promise.all([revision(id, fromVersion), revision(id, toVersion)]);
      return diffRevisionWords(from.snapshot, to.snapshot);
    },

    /** Brings back a revision's content as a new save (itself a new revision when live). */
    async restore(user: Actor, id: number, version: number, expectedVersion: number): Promise<Article> {
      const article = await checked(user, 'article.restore', id);
      const { snapshot } = await revision(id, version);
      const { headline, standfirst, slug, section, authors, topics, body, printIssue, sponsor, partnerSlotAfter, seoTitle, seoDescription, imageUrl } = snapshot;
      // Revisions saved before lead images (016) have no image fields: restoring one leaves the image as it is.
      const image = Object.fromEntries(leadImageFields.filter((k) => Object.hasOwn(snapshot, k)).map((k) => [k, (snapshot as unknown as Record<string, unknown>)[k]]));
      const patch = { headline, standfirst, slug, section, authors, topics, body, printIssue, sponsor, partnerSlotAfter, seoTitle, seoDescription, imageUrl, ...image };
      await checkDeskFields(user, article, patch, expectedVersion);
      return articles.update(id, patch, { expectedVersion, userId: user.id });
    },
  };
}

const leadImageFields = ['imageMediaId', 'imageAlt', 'imageCaption', 'imageCredit', 'imageFocalX', 'imageFocalY'] as const;

async function ownAuthorSlug(db: Kysely<DB>, authorId: number): Promise<string[]> {
  const row = await db.selectFrom('authors').select('slug').where('id', '=', authorId).executeTakeFirst();
  return row ? [row.slug] : [];
}

export type EditorialService = ReturnType<typeof editorialService>;
