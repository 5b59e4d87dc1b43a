import type { Kysely } from 'kysely';
import { z } from 'zod';
import { reusedStatement } from '../db/reused-statements.js';
import type { DB } from '../db/schema.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { ConflictError, fromZod, NotFoundError, ValidationError } from '../errors.js';
import { articlePath, articleStore, type Article, type ArticleFilter, type ArticleSummary, type RankedIds } from './article-store.js';
import { articleInput, articlePatch, type ArticleInput, type ArticlePatch } from './article-input.js';
import { BODY_VERSION, bodyText } from './blocks.js';
import { relatedArticlesQuery, TOPICS_CONSIDERED } from './related-store.js';
import { urlMonth } from './dates.js';
import type { ArticleLifecycle, ContentEvents } from './events.js';
import { slugify } from './slug.js';
import { mediaUrl, storedWidths } from '../media/media-service.js';
import { assertTransition, statuses, type ArticleStatus } from './workflow.js';

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time like 2026-01-07T09:00:00Z' });
/** How an article enters the system: a new draft by default; importers bring status and dates. */
export const createOptions = z.object({
  status: z.enum(statuses).default('draft'),
  publishedAt: isoTime.optional(),
  firstPublishedAt: isoTime.optional(),
  updatedAt: isoTime.optional(),
  scheduledFor: isoTime.optional(),
  userId: z.number().int().nullable().optional(),
});
export type CreateOptions = z.input<typeof createOptions>;

/** A save based on an older version than the stored one: nothing was written. */
export class StaleVersionError extends ConflictError {
  override name = 'StaleVersionError';
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `This article was changed by someone else (you edited version ${expectedVersion}, the saved one is version ${currentVersion}); reload to see their changes`,
    );
  }
}

export interface SaveOptions {
  /** The version the editor loaded; a different stored version means someone else saved first. */
  expectedVersion?: number;
  userId?: number | null;
  /** When the save happened; defaults to now. */
  at?: string;
}

export interface ArticleServiceOptions {
  /** The publication's time zone, which fixes the month in an article's URL. */
  timeZone: string;
  events?: ContentEvents;
  now?: () => Date;
}

type Parsed = z.output<typeof articleInput>;

/**
 * Articles and their workflow. Every change runs in one transaction and either
 * applies whole or throws an error naming what was wrong.
 */
export function articleService(db: Kysely<DB>, options: ArticleServiceOptions) {
  const now = () => (options.now?.() ?? new Date()).toISOString();
  const store = articleStore(db);
  // Built and compiled once per number of topics: a reader's cache miss asks for it on every render.
  const relatedStatement = reusedStatement((limit: number, { article, topics }: { article: number; topics: number[] }) =>
    store.placedSummariesQuery(relatedArticlesQuery(db, article, topics, limit), 'published'),
  );

  function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
    const result = schema.safeParse(input);
    if (!result.success) throw fromZod(what, result.error);
    return result.data;
  }

  /** Looks up the slugs an article refers to, naming any that do not exist. */
  async function resolveRefs(trx: Kysely<DB>, input: Parsed) {
    const problems: Array<{ path: string; message: string }> = [];
    const section = await trx.selectFrom('sections').select(['id', 'slug']).where('slug', '=', input.section).executeTakeFirst();
    if (!section) problems.push({ path: 'section', message: `no section "${input.section}"` });

    const bySlug = async (table: 'authors' | 'topics', slugs: string[], path: string) => {
      if (!slugs.length) return [];
      const rows = await trx.selectFrom(table).select(['id', 'slug']).where('slug', 'in', slugs).execute();
      const ids = new Map(rows.map((r) => [r.slug, r.id]));
      return slugs.flatMap((slug, i) => {
        const id = ids.get(slug);
        if (id === undefined) problems.push({ path: `${path}.${i}`, message: `no ${table.slice(0, -1)} "${slug}"` });
        return id === undefined ? [] : [id];
      });
    };
    const authorIds = [...new Set(await bySlug('authors', input.authors, 'authors'))];
    const topicIds = [...new Set(await bySlug('topics', input.topics, 'topics'))];
    const suggestedIds = [...new Set(await bySlug('topics', input.suggestedTopics, 'suggestedTopics'))].filter((id) => !topicIds.includes(id));

    let printIssueId: number | null | undefined = input.printIssue === null ? null : undefined;
    if (input.printIssue) {
      const issue = await trx.selectFrom('print_issues').select('id').where('number', '=', input.printIssue).executeTakeFirst();
      if (!issue) problems.push({ path: 'printIssue', message: `no print issue number ${input.printIssue}` });
      printIssueId = issue?.id;
    }
    let leadImageUrl: string | undefined;
    if (input.imageMediaId) {
      const media = await trx.selectFrom('media').select(['storage_key', 'widths']).where('id', '=', input.imageMediaId).executeTakeFirst();
      if (!media) problems.push({ path: 'imageMediaId', message: `no image number ${input.imageMediaId} in the media library` });
      else leadImageUrl = mediaUrl(media.storage_key, storedWidths(media.widths).widths.at(-1)!);
    }
    if (problems.length) throw new ValidationError('The article refers to things that do not exist', problems);
    return {
      leadImageUrl,
      sectionId: section!.id,
      sectionSlug: section!.slug,
      authorIds,
      topics: [...topicIds.map((id) => ({ id, suggested: false })), ...suggestedIds.map((id) => ({ id, suggested: true }))],
      printIssueId,
    };
  }

  async function assertUrlFree(trx: Kysely<DB>, sectionId: number, month: string, slug: string, exceptId?: number, sectionSlug = '') {
    if (await articleStore(trx).urlTaken(sectionId, month, slug, exceptId)) {
      throw new ConflictError(`The slug "${slug}" is already used by another article at ${articlePath(sectionSlug, month, slug)}`);
    }
  }

  /** Saves authors, topics and (for published articles) a revision, inside the caller's transaction. */
  async function afterSave(trx: Kysely<DB>, id: number, userId: number | null, at: string): Promise<Article> {
    const s = articleStore(trx);
    const article = (await s.get(id))!;
    if (article.status === 'published') await s.addRevision(id, article.version, snapshot(article), at, userId);
    return article;
  }

  function announce(article: Article, action?: ArticleLifecycle): Article {
    options.events?.emit(action ? { entity: 'article', id: article.id, action } : { entity: 'article', id: article.id });
    return article;
  }

  async function write<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(db, work);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('Another article already has this slug in the same section and month');
      throw error;
    }
  }

  async function transition(id: number, to: ArticleStatus, set: (row: { first_published_at: string | null; published_at: string | null }, at: string) => Record<string, unknown>, at = now()) {
    const article = await write(async (trx) => {
      const row = await articleStore(trx).row(id);
      if (!row) throw new NotFoundError(`No article with id ${id}`);
      assertTransition(row.status as ArticleStatus, to);
      const changes = set(row, at);
      if (changes.first_published_at && row.first_published_at === null) {
        const month = urlMonth(changes.first_published_at as string, options.timeZone);
        if (month !== row.url_month) {
          const section = await trx.selectFrom('sections').select('slug').where('id', '=', row.section_id).executeTakeFirstOrThrow();
          await assertUrlFree(trx, row.section_id, month, row.slug, id, section.slug);
          changes.url_month = month;
        }
      }
      await trx
        .updateTable('articles')
        .set({ ...changes, status: to, updated_at: at, version: row.version + 1 })
        .where('id', '=', id)
        .execute();
      return afterSave(trx, id, null, at);
    });
    return announce(article, to === 'published' || to === 'unpublished' ? to : undefined);
  }

  return {
    /**
     * Creates an article. A new draft's URL month is the current month until it is published.
     *
     * @example await articles.create({ headline: 'Hello', section: 'world', body: [b.p('Text')] })
     */
    async create(input: ArticleInput, opts: CreateOptions = {}): Promise<Article> {
      const a = parse(articleInput, input, 'Invalid article');
      assertLeadImageAlt(a);
      const o = parse(createOptions, opts, 'Invalid article options');
      const at = now();
      const live = o.status === 'published' || o.status === 'unpublished';
      const publishedAt = o.publishedAt ?? (live ? at : null);
      const firstPublishedAt = o.firstPublishedAt ?? publishedAt;
      if (o.status === 'scheduled' && !o.scheduledFor) throw new ValidationError('Invalid article options', [{ path: 'scheduledFor', message: 'is required to schedule' }]);
      const month = urlMonth(firstPublishedAt ?? o.scheduledFor ?? at, options.timeZone);
      const slug = a.slug ?? slugify(a.headline);

      const article = await write(async (trx) => {
        const refs = await resolveRefs(trx, a);
        await assertUrlFree(trx, refs.sectionId, month, slug, undefined, refs.sectionSlug);
        const { id } = await trx
          .insertInto('articles')
          .values({
            section_id: refs.sectionId,
            slug,
            url_month: month,
            headline: a.headline,
            standfirst: a.standfirst,
            body: JSON.stringify(a.body),
            body_text: bodyText(a.body),
            body_version: BODY_VERSION,
            status: o.status,
            first_published_at: firstPublishedAt,
            published_at: publishedAt,
            scheduled_for: o.scheduledFor ?? null,
            updated_at: o.updatedAt ?? publishedAt ?? at,
            created_at: at,
            print_issue_id: refs.printIssueId ?? null,
            sponsor: a.sponsor ?? null,
            partner_slot_after: a.partnerSlotAfter ?? null,
            seo_title: a.seoTitle ?? null,
            seo_description: a.seoDescription ?? null,
            ...leadImageColumns(a, refs.leadImageUrl),
            access: a.access,
            version: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const s = articleStore(trx);
        await s.setAuthors(id, refs.authorIds);
        await s.setTopics(id, refs.topics);
        return afterSave(trx, id, o.userId ?? null, at);
      });
      return announce(article);
    },

    /**
     * Saves changes. A published article gets a revision; a changed slug or section on a
     * published article leaves a 301 from the old URL. A stale `expectedVersion` is a conflict.
     */
    async update(id: number, patch: ArticlePatch, opts: SaveOptions = {}): Promise<Article> {
      const p = parse(articlePatch, patch, 'Invalid article');
      const at = opts.at ?? now();
      const article = await write(async (trx) => {
        const s = articleStore(trx);
        const current = await s.get(id);
        if (!current) throw new NotFoundError(`No article with id ${id}`);
        if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) {
          throw new StaleVersionError(opts.expectedVersion, current.version);
        }
        const merged = parse(
          articleInput,
          {
            ...inputOf(current),
            // Only fields the caller sent: the schema's defaults (authors: []) must not wipe stored ones.
            ...Object.fromEntries(Object.entries(p).filter(([k, v]) => v !== undefined && Object.hasOwn(patch, k))),
            // Taking away a media-library lead image takes its URL with it.
            ...(Object.hasOwn(patch, 'imageMediaId') && !p.imageMediaId && current.leadImage?.mediaId ? { imageUrl: null } : {}),
          },
          'Invalid article',
        );
        assertLeadImageAlt(merged);
        const refs = await resolveRefs(trx, merged);
        const slug = merged.slug ?? current.slug;
        const month = current.path.split('/').slice(2, 4).join('/');
        if (slug !== current.slug || refs.sectionId !== current.section.id) {
          await assertUrlFree(trx, refs.sectionId, month, slug, id, refs.sectionSlug);
          if (current.firstPublishedAt) await s.addRedirect(current.path, id, at);
        }
        await trx
          .updateTable('articles')
          .set({
            section_id: refs.sectionId,
            slug,
            headline: merged.headline,
            standfirst: merged.standfirst,
            body: JSON.stringify(merged.body),
            body_text: bodyText(merged.body),
            body_version: BODY_VERSION,
            print_issue_id: refs.printIssueId === undefined ? current.printIssue?.id ?? null : refs.printIssueId,
            sponsor: merged.sponsor ?? null,
            partner_slot_after: merged.partnerSlotAfter ?? null,
            seo_title: merged.seoTitle ?? null,
            seo_description: merged.seoDescription ?? null,
            ...leadImageColumns(merged, refs.leadImageUrl),
            access: merged.access,
            updated_at: at,
            version: current.version + 1,
          })
          .where('id', '=', id)
          .execute();
        await s.setAuthors(id, refs.authorIds);
        await s.setTopics(id, refs.topics);
        return afterSave(trx, id, opts.userId ?? null, at);
      });
      return announce(article, article.status === 'published' ? 'updated' : undefined);
    },

    submitForReview: (id: number) => transition(id, 'in_review', () => ({})),
    returnToDraft: (id: number) => transition(id, 'draft', () => ({ scheduled_for: null })),

    /** Publishes now, or at `at` (a scheduled time reached, or an importer's date). */
    publish: (id: number, at?: string) =>
      transition(
        id,
        'published',
        (row, t) => ({ published_at: row.published_at ?? t, first_published_at: row.first_published_at ?? t, scheduled_for: null }),
        at,
      ),

    async schedule(id: number, when: string): Promise<Article> {
      const at = parse(isoTime, when, 'Invalid schedule time');
      if (new Date(at).getTime() <= Date.parse(now())) {
        throw new ValidationError('Invalid schedule time', [{ path: 'scheduledFor', message: 'must be in the future' }]);
      }
      return transition(id, 'scheduled', () => ({ scheduled_for: new Date(at).toISOString() }));
    },

    unpublish: (id: number) => transition(id, 'unpublished', () => ({})),

    /** Publishes every scheduled article whose time has come; returns how many. Safe to run from several processes. */
    async publishDue(): Promise<number> {
      const due = await store.dueForPublication(now());
      let published = 0;
      for (const { id, scheduled_for } of due) {
        try {
          await transition(id, 'published', (row, t) => ({ published_at: scheduled_for ?? t, first_published_at: row.first_published_at ?? scheduled_for ?? t, scheduled_for: null }));
          published++;
        } catch (error) {
          // Another process published it first, or an editor pulled it back: either is fine.
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      return published;
    },

    get: (id: number) => store.get(id),

    /** A published article by its URL parts. */
    findPublished: (section: string, year: string, month: string, slug: string) => store.findByUrl(section, `${year}/${month}`, slug, 'published'),

    /** Where an old URL now lives, if it belonged to an article that is still published. */
    async redirectFor(path: string): Promise<string | undefined> {
      const id = await store.redirectTarget(path);
      if (id === undefined) return undefined;
      const article = await store.get(id);
      return article?.status === 'published' && article.path !== path ? article.path : undefined;
    },

    /** Published articles, newest first unless the filter says otherwise. */
    /** Published articles' teasers in the order of `ids`, e.g. from a topic or author listing. */
    publishedSummaries: (ids: number[]): Promise<ArticleSummary[]> => store.summaries(ids, 'published'),
    listPublished: (filter: Omit<ArticleFilter, 'status'> = {}): Promise<ArticleSummary[]> => store.list({ ...filter, status: 'published' }),
    /** The statement of the published teasers of the articles `ranked` selects, each with its place (a front's: src/fronts/front-store.ts). */
    publishedInPlaceQuery: (ranked: RankedIds) => store.placedSummariesQuery(ranked, 'published'),
    /** Runs a publishedInPlaceQuery statement, compiled (kept so, src/db/reused-statements.ts). */
    inPlace: store.placedSummaries,
    countPublished: (filter: Omit<ArticleFilter, 'status'> = {}) => store.count({ ...filter, status: 'published' }),
    list: (filter: ArticleFilter = {}) => store.list(filter),
    count: (filter: ArticleFilter = {}) => store.count(filter),
    revisions: (id: number) => store.revisions(id),

    /**
     * Published articles sharing reviewed topics with `article`, most shared first.
     *
     * @example await articles.related(article, 4)
     */
    async related(article: Pick<Article, 'id' | 'topics'>, limit = 4): Promise<ArticleSummary[]> {
      const topics = article.topics.flatMap((t) => (t.suggested ? [] : [t.id])).slice(0, TOPICS_CONSIDERED);
      if (!topics.length || limit <= 0) return [];
      return (await store.placedSummaries(relatedStatement(limit, { article: article.id, topics }))).map((p) => p.article);
    },

    /** The newest published partner (sponsored) pieces, for the partner slot on article pages. */
    partnerPieces: (limit = 3, excludeId?: number): Promise<ArticleSummary[]> =>
      store.list({ status: 'published', sponsored: true, limit, ...(excludeId === undefined ? {} : { excludeIds: [excludeId] }) }),
  };
}

export type ArticleService = ReturnType<typeof articleService>;

/** The editable fields of a stored article, in the shape `update` accepts. */
export function inputOf(a: Article): z.input<typeof articleInput> {
  return {
    headline: a.headline,
    standfirst: a.standfirst,
    slug: a.slug,
    section: a.section.slug,
    authors: a.authors.map((x) => x.slug),
    topics: a.topics.filter((t) => !t.suggested).map((t) => t.slug),
    suggestedTopics: a.topics.filter((t) => t.suggested).map((t) => t.slug),
    body: a.body,
    printIssue: a.printIssue?.number ?? null,
    sponsor: a.sponsor,
    partnerSlotAfter: a.partnerSlotAfter,
    seoTitle: a.seoTitle,
    seoDescription: a.seoDescription,
    imageUrl: a.imageUrl,
    imageMediaId: a.leadImage?.mediaId ?? null,
    imageAlt: a.leadImage?.alt || null,
    imageCaption: a.leadImage?.caption || null,
    imageCredit: a.leadImage?.credit || null,
    imageFocalX: a.leadImage?.focalX ?? null,
    imageFocalY: a.leadImage?.focalY ?? null,
    access: a.access,
  };
}

/**
 * A lead image picked in the newsroom needs alt text: readers who cannot see it hear it.
 * (An imported image URL may arrive without one and is kept as it came.)
 */
function assertLeadImageAlt(a: Parsed): void {
  if (a.imageMediaId && !a.imageAlt) {
    throw new ValidationError('Invalid article', [{ path: 'imageAlt', message: 'is required for the lead image: describe it for people who cannot see it' }]);
  }
}

/** The lead image's columns; a media-library pick sets the URL to that item's largest file. */
function leadImageColumns(a: Parsed, mediaImageUrl: string | undefined) {
  const fromMedia = Boolean(a.imageMediaId);
  return {
    image_url: fromMedia ? mediaImageUrl! : a.imageUrl ?? null,
    image_media_id: a.imageMediaId ?? null,
    image_alt: a.imageAlt || null,
    image_caption: a.imageCaption || null,
    image_credit: a.imageCredit || null,
    image_focal_x: a.imageFocalX ?? null,
    image_focal_y: a.imageFocalY ?? null,
  };
}

function snapshot(a: Article) {
  return { ...inputOf(a), status: a.status, publishedAt: a.publishedAt, updatedAt: a.updatedAt };
}
