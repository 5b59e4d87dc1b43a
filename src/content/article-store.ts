import { sql, type Compilable, type CompiledQuery, type InferResult, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import { asAccessLevel, type AccessLevel } from '../access/access-level.js';
import { reusedStatement } from '../db/reused-statements.js';
import type { DB } from '../db/schema.js';
import type { ArticlesTable } from '../db/tables/content.js';
import type { Block } from './blocks.js';
import type { ArticleStatus } from './workflow.js';
import { storedRenditions } from '../media/media-service.js';

export type ArticleRow = Selectable<ArticlesTable>;

export interface ArticleAuthor {
  id: number;
  slug: string;
  name: string;
  bio: string;
  photoUrl: string | null;
}

export interface ArticleTopic {
  id: number;
  slug: string;
  name: string;
  /** Proposed for this article by topic suggestion; an editor has not chosen it. */
  suggested: boolean;
  /** The topic itself is public; false while it is a proposal awaiting an editor. */
  reviewed: boolean;
}

/** The topics readers see on an article: chosen for it, and public themselves. */
export const shownTopics = (topics: ArticleTopic[]) => topics.filter((t) => !t.suggested && t.reviewed);

/** What a list of articles shows: enough for a teaser, a feed item or a search hit. */
export interface ArticleSummary {
  id: number;
  slug: string;
  /** URL path, e.g. /world/2022/01/some-slug */
  path: string;
  headline: string;
  standfirst: string;
  status: ArticleStatus;
  section: { id: number; slug: string; name: string };
  authors: ArticleAuthor[];
  firstPublishedAt: string | null;
  publishedAt: string | null;
  updatedAt: string;
  sponsor: string | null;
  imageUrl: string | null;
  printIssueId: number | null;
  /** The lead image, for the teaser's thumbnail. */
  leadImage: LeadImage | null;
}

/** The picture at the top of an article: from the media library (with its sizes) or a URL from elsewhere. */
export interface LeadImage {
  src: string;
  /** The media-library item, or null for an image elsewhere (e.g. imported). */
  mediaId: number | null;
  alt: string;
  caption: string;
  credit: string;
  /** Percent from the left and top that crops keep in view; null is the middle. */
  focalX: number | null;
  focalY: number | null;
  /** Each stored width of a media-library image, for srcset; empty for an image elsewhere. */
  sources: Array<{ src: string; width: number }>;
  /** The same widths in AVIF (uploads since AVIF was added); empty otherwise. */
  avif: Array<{ src: string; width: number }>;
  /** The media-library original's size (its renditions keep its shape); null for an image elsewhere. */
  width: number | null;
  height: number | null;
}

/** A whole article, as the article page and the editor need it. */
export interface Article extends ArticleSummary {
  body: Block[];
  topics: ArticleTopic[];
  scheduledFor: string | null;
  createdAt: string;
  printIssue: { id: number; number: number; date: string; title: string } | null;
  partnerSlotAfter: number | null;
  seoTitle: string | null;
  seoDescription: string | null;
  /** Who may read it in full (src/access). */
  access: AccessLevel;
  version: number;
}

export interface ArticleFilter {
  status?: ArticleStatus | ArticleStatus[];
  sectionSlug?: string;
  authorSlug?: string;
  topicSlug?: string;
  printIssueNumber?: number;
  /** 'YYYY/MM' of the article's URL: the archive's month. */
  urlMonth?: string;
  /** A print issue by id: an equality the (print_issue_id, status, published_at) index serves. */
  printIssueId?: number;
  /** true: only partner content; false: none of it; undefined: both. */
  sponsored?: boolean;
  /** ISO bounds on published_at, inclusive from and exclusive to. */
  publishedFrom?: string;
  publishedTo?: string;
  /** Case-insensitive text in the headline; `%` and `_` match themselves. */
  headlineContains?: string;
  /** Only articles bylined to `authorId`, plus every published one when `published` (see viewableScope in article-policy.ts). */
  viewableBy?: { authorId: number | null; published: boolean };
  excludeIds?: number[];
  /** Only these articles (in the query's order; callers reorder as they need). */
  ids?: number[];
  limit?: number;
  offset?: number;
  order?: 'newest' | 'oldest' | 'updated';
}

export const articlePath = (sectionSlug: string, urlMonth: string, slug: string) => `/${sectionSlug}/${urlMonth}/${slug}`;

const summaryColumns = [
  'articles.id',
  'articles.slug',
  'articles.url_month',
  'articles.headline',
  'articles.standfirst',
  'articles.status',
  'articles.section_id',
  'articles.first_published_at',
  'articles.published_at',
  'articles.updated_at',
  'articles.sponsor',
  'articles.image_url',
  'articles.image_media_id',
  'articles.image_alt',
  'articles.image_caption',
  'articles.image_credit',
  'articles.image_focal_x',
  'articles.image_focal_y',
  'articles.print_issue_id',
] as const;

/**
 * The media-library row behind a lead image, joined beside an article's row (left join on
 * image_media_id): a page's pictures come with its articles, not a round trip after them.
 */
const leadMediaColumns = ['media.storage_key as media_key', 'media.widths as media_widths', 'media.width as media_width', 'media.height as media_height'] as const;
type LeadMediaColumns = { media_key: string | null; media_widths: string | null; media_width: number | null; media_height: number | null };
const leadMediaOf = (r: LeadMediaColumns): MediaOfArticle | undefined =>
  r.media_key === null ? undefined : { storage_key: r.media_key, widths: r.media_widths!, width: r.media_width!, height: r.media_height! };

/** What a lead image needs from its media-library row. */
export type MediaOfArticle = { storage_key: string; widths: string; width: number; height: number };

/** An article's lead image from its image_* columns and the media-library row behind it (undefined for an image elsewhere). */
export function leadImageOf(
  r: Pick<ArticleRow, 'image_url' | 'image_media_id' | 'image_alt' | 'image_caption' | 'image_credit' | 'image_focal_x' | 'image_focal_y'>,
  media: MediaOfArticle | undefined,
): LeadImage | null {
  if (r.image_url === null) return null;
  const renditions = media ? storedRenditions(media.storage_key, media.widths) : { webp: [], avif: [] };
  return {
    src: r.image_url,
    mediaId: media ? r.image_media_id : null,
    alt: r.image_alt ?? '',
    caption: r.image_caption ?? '',
    credit: r.image_credit ?? '',
    focalX: r.image_focal_x,
    focalY: r.image_focal_y,
    sources: renditions.webp,
    avif: renditions.avif,
    width: media?.width ?? null,
    height: media?.height ?? null,
  };
}

/**
 * Articles named by id, or by a query selecting their ids (an article's URL), so that their joins
 * can be asked for beside the article itself. Of any tables: only the query's one column counts.
 */
type ArticleIds = number[] | SelectQueryBuilder<DB, any, { id: number }>;

/** A query of articles' ids and their places in a list (1 first), to be joined: see placedSummariesQuery. */
export type RankedIds = SelectQueryBuilder<DB, any, { id: number; place: number }>;

/** A teaser and its place in a ranked query's order. */
export interface Placed {
  place: number;
  article: ArticleSummary;
}

/** The statement of authorsOfArticles, for a caller that keeps it compiled. */
const authorsQuery = (db: Kysely<DB>, ids: ArticleIds) =>
  db
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .select(['article_authors.article_id', 'authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'authors.photo_url'])
    .where('article_authors.article_id', 'in', ids)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position');

/** Each article's authors, from the rows of authorsQuery. */
function authorsByArticle(rows: Array<{ article_id: number; id: number; slug: string; name: string; bio: string; photo_url: string | null }>): Map<number, ArticleAuthor[]> {
  const map = new Map<number, ArticleAuthor[]>();
  for (const r of rows) {
    const list = map.get(r.article_id) ?? [];
    list.push({ id: r.id, slug: r.slug, name: r.name, bio: r.bio, photoUrl: r.photo_url });
    map.set(r.article_id, list);
  }
  return map;
}

/** Each article's authors in byline order, in one query for all of them (the Content API reads them too). */
export async function authorsOfArticles(db: Kysely<DB>, ids: ArticleIds): Promise<Map<number, ArticleAuthor[]>> {
  if (Array.isArray(ids) && !ids.length) return new Map();
  return authorsByArticle(await authorsQuery(db, ids).execute());
}

/** Queries over articles and their joins. No rules live here: see articles.ts. */
export function articleStore(db: Kysely<DB>) {
  function filtered(filter: ArticleFilter) {
    let q = db
      .selectFrom('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .selectAll('articles')
      .select(['sections.slug as section_slug', 'sections.name as section_name']);
    const statuses = filter.status === undefined ? undefined : ([] as ArticleStatus[]).concat(filter.status);
    if (statuses) q = q.where('articles.status', 'in', statuses);
    // By id, looked up once: a condition on the joined slug hides from PostgreSQL which section it is, and it read a whole section to sort it.
    if (filter.sectionSlug) q = q.where('articles.section_id', '=', db.selectFrom('sections as wanted').select('wanted.id').where('wanted.slug', '=', filter.sectionSlug));
    if (filter.urlMonth) q = q.where('articles.url_month', '=', filter.urlMonth);
    if (filter.printIssueId !== undefined) q = q.where('articles.print_issue_id', '=', filter.printIssueId);
    if (filter.sponsored === true) q = q.where('articles.sponsor', 'is not', null);
    if (filter.sponsored === false) q = q.where('articles.sponsor', 'is', null);
    if (filter.publishedFrom) q = q.where('articles.published_at', '>=', filter.publishedFrom);
    if (filter.publishedTo) q = q.where('articles.published_at', '<', filter.publishedTo);
    if (filter.headlineContains) {
      // '!' escapes the wildcards: unlike a backslash, it reads the same in SQLite and PostgreSQL string literals.
      const pattern = `%${filter.headlineContains.replace(/[!%_]/g, '!$&')}%`;
      q = q.where(sql<boolean>`lower(${sql.ref('articles.headline')}) like lower(${pattern}) escape '!'`);
    }
    if (filter.viewableBy) {
      const { authorId, published } = filter.viewableBy;
      q = q.where((eb) =>
        eb.or([
          ...(authorId === null ? [] : [eb('articles.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId))]),
          ...(published ? [eb('articles.status', '=', 'published')] : []),
          sql<boolean>`1 = 0`,
        ]),
      );
    }
    if (filter.excludeIds?.length) q = q.where('articles.id', 'not in', filter.excludeIds);
    if (filter.ids) q = filter.ids.length ? q.where('articles.id', 'in', filter.ids) : q.where(sql<boolean>`1 = 0`);
    if (filter.authorSlug) {
      const slug = filter.authorSlug;
      q = q.where('articles.id', 'in', (sub) =>
        sub.selectFrom('article_authors').innerJoin('authors', 'authors.id', 'article_authors.author_id').select('article_authors.article_id').where('authors.slug', '=', slug),
      );
    }
    if (filter.topicSlug) {
      const slug = filter.topicSlug;
      q = q.where('articles.id', 'in', (sub) =>
        sub.selectFrom('article_topics').innerJoin('topics', 'topics.id', 'article_topics.topic_id').select('article_topics.article_id').where('topics.slug', '=', slug),
      );
    }
    if (filter.printIssueNumber !== undefined) {
      const number = filter.printIssueNumber;
      q = q.where('articles.print_issue_id', 'in', (sub) => sub.selectFrom('print_issues').select('id').where('number', '=', number));
    }
    return q;
  }

  const authorsOf = (ids: number[]) => authorsOfArticles(db, ids);

  /** One article's topics, in their order; `article` is its id or a query selecting it. */
  const topicsQuery = (article: ArticleIds) =>
    db
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .select(['topics.id', 'topics.slug', 'topics.name', 'topics.reviewed', 'article_topics.suggested'])
      .where('article_topics.article_id', 'in', article)
      .orderBy('article_topics.position');

  const topicsFrom = (rows: Array<{ id: number; slug: string; name: string; reviewed: number; suggested: number }>): ArticleTopic[] =>
    rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, suggested: r.suggested === 1, reviewed: r.reviewed === 1 }));

  type JoinedRow = ArticleRow & { section_slug: string; section_name: string };
  type ArticleColumn<T> = T extends `articles.${infer C}` ? C : never;
  type SummaryRow = Pick<JoinedRow, ArticleColumn<(typeof summaryColumns)[number]> | 'section_slug' | 'section_name'> & LeadMediaColumns;

  /** Teasers without the bodies: a page of twenty would otherwise copy every body and its search text. */
  const summaryRows = (filter: ArticleFilter) =>
    filtered(filter)
      .clearSelect()
      .leftJoin('media', 'media.id', 'articles.image_media_id')
      .select([...summaryColumns, 'sections.slug as section_slug', 'sections.name as section_name', ...leadMediaColumns]);

  function toSummary(r: SummaryRow, authors: ArticleAuthor[]): ArticleSummary {
    return {
      id: r.id,
      slug: r.slug,
      path: articlePath(r.section_slug, r.url_month, r.slug),
      headline: r.headline,
      standfirst: r.standfirst,
      status: r.status as ArticleStatus,
      section: { id: r.section_id, slug: r.section_slug, name: r.section_name },
      authors,
      firstPublishedAt: r.first_published_at,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      sponsor: r.sponsor,
      imageUrl: r.image_url,
      printIssueId: r.print_issue_id,
      leadImage: leadImageOf(r, leadMediaOf(r)),
    };
  }

  /** The whole row of the article `found` selects, with its print issue and its lead image's media joined: a page waits for one round trip, not two. */
  const articleRow = (found: ReturnType<typeof filtered>) =>
    found
      .leftJoin('print_issues', 'print_issues.id', 'articles.print_issue_id')
      .leftJoin('media', 'media.id', 'articles.image_media_id')
      .select(['print_issues.number as issue_number', 'print_issues.issue_date as issue_date', 'print_issues.title as issue_title', ...leadMediaColumns]);

  type WholeRow = InferResult<ReturnType<typeof articleRow>>[number];

  /**
   * Finds one article by `find` (an id, a URL), its row, authors and topics asked at the same
   * time: three statements, each built and compiled once per status (reusedStatement), since a
   * reader's cache miss runs them on every render.
   */
  function articleLookup<Values extends Record<string, unknown>>(find: (values: Values, status: ArticleStatus | undefined) => ReturnType<typeof filtered>) {
    const shaped = <Row>(build: (found: ReturnType<typeof filtered>) => Compilable<Row>) =>
      reusedStatement((status: ArticleStatus | null, values: Values) => build(find(values, status ?? undefined)));
    const row = shaped(articleRow);
    const ids = (found: ReturnType<typeof filtered>) => found.clearSelect().select('articles.id');
    const authors = shaped((found) => authorsQuery(db, ids(found)));
    const topics = shaped((found) => topicsQuery(ids(found)));
    return async (values: Values, status?: ArticleStatus): Promise<Article | undefined> => {
      const shape = status ?? null;
      const [r, a, t] = await Promise.all([db.executeQuery(row(shape, values)), db.executeQuery(authors(shape, values)), db.executeQuery(topics(shape, values))]);
      const found = r.rows[0];
      return found && toArticle(found, authorsByArticle(a.rows).get(found.id) ?? [], topicsFrom(t.rows));
    };
  }

  function toArticle(r: WholeRow, authors: ArticleAuthor[], topics: ArticleTopic[]): Article {
    const printIssue = r.print_issue_id !== null && r.issue_number !== null ? { id: r.print_issue_id, number: r.issue_number, date: r.issue_date!, title: r.issue_title! } : null;
    return {
      ...toSummary(r, authors),
      body: JSON.parse(r.body) as Block[],
      topics,
      scheduledFor: r.scheduled_for,
      createdAt: r.created_at,
      printIssue,
      partnerSlotAfter: r.partner_slot_after,
      seoTitle: r.seo_title,
      seoDescription: r.seo_description,
      access: asAccessLevel(r.access),
      version: r.version,
    };
  }

  const byId = articleLookup(({ id }: { id: number }, status) => filtered({ status }).where('articles.id', '=', id));
  const byUrl = articleLookup(({ sectionSlug, month, slug }: { sectionSlug: string; month: string; slug: string }, status) =>
    filtered({ sectionSlug, urlMonth: month, status }).where('articles.slug', '=', slug),
  );

  /**
   * The statement of placedSummaries: the teasers of the articles `ranked` selects, a row per
   * byline name (one with nulls for an article without), so that `ranked` is worked out once.
   */
  const placedRows = (ranked: RankedIds, status?: ArticleStatus) =>
    db
      .selectFrom(ranked.as('ranked'))
      // A cross join keeps the ranking SQLite's outer loop: as an inner join it walked every published article to probe the ranking.
      .crossJoin('articles')
      .innerJoin('sections', 'sections.id', 'articles.section_id')
      .select([...summaryColumns, 'sections.slug as section_slug', 'sections.name as section_name'])
      .whereRef('articles.id', '=', 'ranked.id')
      .$if(status !== undefined, (q) => q.where('articles.status', '=', status!))
      .leftJoin('article_authors', 'article_authors.article_id', 'articles.id')
      .leftJoin('authors', 'authors.id', 'article_authors.author_id')
      .leftJoin('media', 'media.id', 'articles.image_media_id')
      .select(['ranked.place', 'authors.id as author_id', 'authors.slug as author_slug', 'authors.name as author_name', 'authors.bio as author_bio', 'authors.photo_url as author_photo_url'])
      .select(leadMediaColumns)
      .orderBy('ranked.place')
      .orderBy('article_authors.position');

  type PlacedRow = InferResult<ReturnType<typeof placedRows>>[number];

  /** Teasers with their places from the rows of a placedRows statement, which come grouped by place. */
  function placedFrom(rows: PlacedRow[]): Placed[] {
    const placed: Placed[] = [];
    let byline: ArticleAuthor[] = [];
    let last: number | undefined;
    for (const r of rows) {
      if (r.place !== last) {
        last = r.place;
        byline = [];
        placed.push({ place: r.place, article: toSummary(r, byline) });
      }
      if (r.author_id !== null) byline.push({ id: r.author_id, slug: r.author_slug!, name: r.author_name!, bio: r.author_bio!, photoUrl: r.author_photo_url });
    }
    return placed;
  }

  return {
    get: (id: number): Promise<Article | undefined> => byId({ id }),

    /**
     * Teasers of these articles in the order given (a listing's order); ids not found
     * (or not in `status`) are left out. No ORDER BY, so the database looks the ids up
     * by primary key instead of walking a date index.
     */
    async summaries(ids: number[], status?: ArticleStatus): Promise<ArticleSummary[]> {
      if (!ids.length) return [];
      // The authors by the same ids, beside the rows rather than after them: one round trip fewer.
      const [rows, authors] = await Promise.all([summaryRows({ ids, status }).execute(), authorsOf(ids)]);
      const byId = new Map(rows.map((r) => [r.id, toSummary(r, authors.get(r.id) ?? [])]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /**
     * Teasers of the articles `ranked` selects (`status` ones only), in the order of its `place`,
     * with their authors and lead images' media: one statement, where ids first, then teasers, then
     * authors and media took three round trips. Run it with placedSummaries; a caller that runs the
     * same one often keeps it compiled (src/db/reused-statements.ts).
     */
    placedSummariesQuery: placedRows,

    /**
     * The teasers a placedSummariesQuery statement selects, each with its place: a query whose places fall in
     * ranges (a front's pins, then each rail's articles) may name an article in more than one.
     */
    placedSummaries: async (statement: CompiledQuery<PlacedRow>): Promise<Placed[]> => placedFrom((await db.executeQuery(statement)).rows),

    findByUrl: (sectionSlug: string, month: string, slug: string, status?: ArticleStatus): Promise<Article | undefined> => byUrl({ sectionSlug, month, slug }, status),

    async list(filter: ArticleFilter): Promise<ArticleSummary[]> {
      let q = summaryRows(filter);
      q =
        filter.order === 'oldest'
          ? q.orderBy('articles.published_at', 'asc').orderBy('articles.id', 'asc')
          : filter.order === 'updated'
            ? q.orderBy('articles.updated_at', 'desc').orderBy('articles.id', 'desc')
            : q.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc');
      const rows = await q
        .limit(filter.limit ?? 20)
        .offset(filter.offset ?? 0)
        .execute();
      const authors = await authorsOf(rows.map((r) => r.id));
      return rows.map((r) => toSummary(r, authors.get(r.id) ?? []));
    },

    async count(filter: ArticleFilter): Promise<number> {
      const { n } = await filtered(filter)
        .clearSelect()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },

    /** Ids of the authors with these slugs; unknown slugs are left out (saving names them). */
    async authorIds(slugs: string[]): Promise<number[]> {
      if (!slugs.length) return [];
      return (await db.selectFrom('authors').select('id').where('slug', 'in', slugs).execute()).map((r) => r.id);
    },

    row: (id: number) => db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst(),

    urlTaken: async (sectionId: number, month: string, slug: string, exceptId?: number) => {
      let q = db.selectFrom('articles').select('id').where('section_id', '=', sectionId).where('url_month', '=', month).where('slug', '=', slug);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      return (await q.executeTakeFirst()) !== undefined;
    },

    async setAuthors(articleId: number, authorIds: number[]): Promise<void> {
      await db.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
      if (authorIds.length)
        await db.insertInto('article_authors').values(authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position }))).execute();
    },

    async setTopics(articleId: number, topics: Array<{ id: number; suggested: boolean }>): Promise<void> {
      await db.deleteFrom('article_topics').where('article_id', '=', articleId).execute();
      if (topics.length)
        await db
          .insertInto('article_topics')
          .values(topics.map((t, position) => ({ article_id: articleId, topic_id: t.id, position, suggested: t.suggested ? 1 : 0 })))
          .execute();
    },

    async redirectTarget(fromPath: string): Promise<number | undefined> {
      const row = await db.selectFrom('redirects').select('article_id').where('from_path', '=', fromPath).executeTakeFirst();
      return row?.article_id;
    },

    async addRedirect(fromPath: string, articleId: number, at: string): Promise<void> {
      await db
        .insertInto('redirects')
        .values({ from_path: fromPath, article_id: articleId, created_at: at })
        .onConflict((oc) => oc.column('from_path').doUpdateSet({ article_id: articleId, created_at: at }))
        .execute();
    },

    async addRevision(articleId: number, version: number, snapshot: unknown, at: string, userId: number | null): Promise<void> {
      await db
        .insertInto('article_revisions')
        .values({ article_id: articleId, version, snapshot: JSON.stringify(snapshot), created_at: at, user_id: userId })
        .execute();
    },

    revisions: (articleId: number) =>
      db.selectFrom('article_revisions').selectAll().where('article_id', '=', articleId).orderBy('version', 'desc').execute(),

    dueForPublication: (now: string) =>
      db.selectFrom('articles').select(['id', 'scheduled_for']).where('status', '=', 'scheduled').where('scheduled_for', '<=', now).execute(),
  };
}

export type ArticleStore = ReturnType<typeof articleStore>;
