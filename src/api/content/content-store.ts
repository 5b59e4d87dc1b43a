import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { authorsOfArticles, type ArticleAuthor } from '../../content/article-store.js';
import type { DB } from '../../db/schema.js';
import { compileFilter, dateRule, idRule, nothing, texts, textRule, type FilterRules } from './content-filters.js';
import { FilterError, type FilterNode } from './nql.js';

/** Broadsheet's access levels as Ghost's visibilities: metered articles need a (free) member, members-only ones a paying one. */
export const visibilityOfAccess = { free: 'public', registered: 'members', members: 'paid' } as const;
export type Visibility = (typeof visibilityOfAccess)[keyof typeof visibilityOfAccess];
const accessOfVisibility: Record<string, string> = { public: 'free', members: 'registered', paid: 'members' };

export interface PostRow {
  id: number;
  slug: string;
  url_month: string;
  headline: string;
  standfirst: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  access: string;
  seo_title: string | null;
  seo_description: string | null;
  image_url: string | null;
  image_alt: string | null;
  image_caption: string | null;
  image_credit: string | null;
  section_id: number;
  section_slug: string;
  section_name: string;
  section_description: string;
  /** Pinned on the home front now: Ghost's `featured`. */
  featured: number | boolean;
}

/** What a post's text costs to read: fetched only for the posts whose derived html, excerpt and reading time are not kept yet. */
export interface PostText {
  id: number;
  body: string | null;
  body_text: string;
}

export interface TagRow {
  kind: 'section' | 'topic';
  id: number;
  slug: string;
  name: string;
  description: string;
}

export type AuthorRow = ArticleAuthor;

export interface PageRow {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

/** `column direction` pairs, already checked against a resource's orderable fields. */
export type Order = Array<{ column: string; direction: 'asc' | 'desc' }>;

export interface Browse {
  filter?: FilterNode;
  order: Order;
  limit: number;
  offset: number;
}

type ArticleEb = ExpressionBuilder<DB, 'articles'>;

/** The tag ids of a section or a topic: the two share Ghost's one tag space, so the kind is part of the id. */
export const tagId = (kind: TagRow['kind'], id: number) => `${kind}-${id}`;

const topicSlugIn = (eb: ArticleEb, slugs: string[]) =>
  eb.exists(
    eb
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
      .select(sql`1`.as('one'))
      .whereRef('article_topics.article_id', '=', 'articles.id')
      .where('article_topics.suggested', '=', 0)
      .where('topics.reviewed', '=', 1)
      .where('topics.slug', 'in', slugs),
  );
const sectionSlugIn = (eb: ArticleEb, slugs: string[]) => eb('articles.section_id', 'in', eb.selectFrom('sections').select('sections.id').where('sections.slug', 'in', slugs));
const authorSlugIn = (eb: ArticleEb, slugs: string[], primaryOnly: boolean) => {
  let q = eb
    .selectFrom('article_authors')
    .innerJoin('authors', 'authors.id', 'article_authors.author_id')
    .select(sql`1`.as('one'))
    .whereRef('article_authors.article_id', '=', 'articles.id')
    .where('authors.slug', 'in', slugs);
  if (primaryOnly) q = q.where('article_authors.position', '=', 0);
  return eb.exists(q);
};

/** The article's pin on the home front, unexpired at `at`: what Ghost calls `featured`. */
const pinnedOnHome = (eb: ArticleEb, at: string) =>
  eb
    .selectFrom('front_pins')
    .select(sql`1`.as('one'))
    .whereRef('front_pins.article_id', '=', 'articles.id')
    .where('front_pins.front', '=', 'home')
    .where((p) => p.or([p('front_pins.expires_at', 'is', null), p('front_pins.expires_at', '>', at)]));

/** The filter properties posts answer to (Ghost's names; a tag is a section or a public topic). */
function postRules(now: () => string): FilterRules<'articles'> {
  const tag = { anyOf: (eb: ArticleEb, values: Parameters<typeof texts>[0]) => (texts(values).length ? eb.or([sectionSlugIn(eb, texts(values)), topicSlugIn(eb, texts(values))]) : nothing) };
  const author = { anyOf: (eb: ArticleEb, values: Parameters<typeof texts>[0]) => (texts(values).length ? authorSlugIn(eb, texts(values), false) : nothing) };
  const primaryTag = { anyOf: (eb: ArticleEb, values: Parameters<typeof texts>[0]) => (texts(values).length ? sectionSlugIn(eb, texts(values)) : nothing) };
  const primaryAuthor = { anyOf: (eb: ArticleEb, values: Parameters<typeof texts>[0]) => (texts(values).length ? authorSlugIn(eb, texts(values), true) : nothing) };
  return {
    tag,
    tags: tag,
    'tags.slug': tag,
    primary_tag: primaryTag,
    'primary_tag.slug': primaryTag,
    author,
    authors: author,
    'authors.slug': author,
    primary_author: primaryAuthor,
    'primary_author.slug': primaryAuthor,
    featured: {
      anyOf: (eb, values) => {
        const pinned = eb.exists(pinnedOnHome(eb, now()));
        const wanted = new Set(values.map((v) => (v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined)));
        if (wanted.has(undefined)) throw new FilterError('"featured" is true or false');
        return wanted.has(true) && wanted.has(false) ? sql<SqlBool>`1 = 1` : wanted.has(true) ? pinned : eb.not(pinned);
      },
    },
    visibility: {
      anyOf: (eb, values) => {
        const levels = values.map((v) => accessOfVisibility[String(v)]);
        if (levels.some((l) => l === undefined)) throw new FilterError('"visibility" is public, members or paid');
        return eb('articles.access', 'in', levels as string[]);
      },
    },
    published_at: dateRule('published_at', 'articles.published_at'),
    updated_at: dateRule('updated_at', 'articles.updated_at'),
    created_at: dateRule('created_at', 'articles.created_at'),
    slug: textRule('articles.slug'),
    title: textRule('articles.headline'),
    id: idRule('articles.id'),
  };
}

const pageRules: FilterRules<'pages'> = {
  slug: textRule('pages.slug'),
  title: textRule('pages.title'),
  id: idRule('pages.id'),
  published_at: dateRule('published_at', 'pages.published_at'),
  updated_at: dateRule('updated_at', 'pages.updated_at'),
  created_at: dateRule('created_at', 'pages.created_at'),
};

const authorRules: FilterRules<'authors'> = { slug: textRule('authors.slug'), name: textRule('authors.name'), id: idRule('authors.id') };

// Tags are a union of two tables, filtered after the union under the alias `tags`.
const tagRules: FilterRules<never> = {
  id: {
    anyOf: (eb, values) => {
      const wanted = texts(values).flatMap((v) => {
        const m = /^(section|topic)-(\d{1,15})$/.exec(v);
        return m ? [{ kind: m[1]!, id: Number(m[2]) }] : [];
      });
      return wanted.length ? eb.or(wanted.map((w) => eb.and([eb(sql.ref('tags.kind'), '=', w.kind), eb(sql.ref('tags.id'), '=', w.id)]))) : nothing;
    },
  },
  slug: textRule('tags.slug'),
  name: textRule('tags.name'),
  visibility: { anyOf: (_eb, values) => (values.includes('public') ? sql<SqlBool>`1 = 1` : nothing) },
};

const postColumns = [
  'articles.id',
  'articles.slug',
  'articles.url_month',
  'articles.headline',
  'articles.standfirst',
  'articles.created_at',
  'articles.updated_at',
  'articles.published_at',
  'articles.access',
  'articles.seo_title',
  'articles.seo_description',
  'articles.image_url',
  'articles.image_alt',
  'articles.image_caption',
  'articles.image_credit',
  'articles.section_id',
  'sections.slug as section_slug',
  'sections.name as section_name',
  'sections.description as section_description',
] as const;

const orderBy = <Q extends { orderBy(ref: never, dir: 'asc' | 'desc'): Q }>(q: Q, order: Order) => order.reduce((acc, o) => acc.orderBy(sql.ref(o.column) as never, o.direction), q);

/**
 * What the Content API reads (src/api/content): published articles as posts, published standing
 * pages, sections and public topics as tags, authors. A page of posts is its ids, then their rows,
 * then their authors and topics in one query each; bodies and texts only for the posts whose
 * derived text is not kept yet (src/api/content/readable-texts.ts).
 */
export function contentStore(db: Kysely<DB>, now: () => Date = () => new Date()) {
  const rules = postRules(() => now().toISOString());
  const published = (eb: ArticleEb) => eb('articles.status', '=', 'published');
  const postWhere = (filter: FilterNode | undefined) => {
    const extra = filter ? compileFilter(filter, rules, 'posts') : undefined;
    return (eb: ArticleEb): Expression<SqlBool> => (extra ? eb.and([published(eb), extra(eb)]) : published(eb));
  };

  return {
    /**
     * One page of published articles in the order asked: the page of ids first (the filter and order
     * on indexed columns), then the rows of those ids by primary key. A status condition on the rows
     * led SQLite down the (status, published_at) index through every published article instead of 15
     * primary-key reads; asking for the ids as a subquery of the rows' query cost SQLite more than the
     * two queries.
     */
    async postPage({ filter, order, limit, offset }: Browse): Promise<PostRow[]> {
      const ids = (await orderBy(db.selectFrom('articles').select('articles.id').where(postWhere(filter)), order).limit(limit).offset(offset).execute()).map((r) => r.id);
      if (!ids.length) return [];
      const at = now().toISOString();
      const rows = await db
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .select(postColumns)
        .select((eb) => eb.exists(pinnedOnHome(eb, at)).as('featured'))
        .where('articles.id', 'in', ids)
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /** How many published articles the filter matches. */
    async postTotal(filter: FilterNode | undefined): Promise<number> {
      // Unfiltered, the archive's month counts (kept by triggers, migration 008) sum to the total without counting 100,000 index entries.
      const counted = filter
        ? await db.selectFrom('articles').select((e) => e.fn.countAll<number | string>().as('n')).where(postWhere(filter)).executeTakeFirstOrThrow()
        : await db.selectFrom('archive_months').select((e) => e.fn.coalesce(e.fn.sum<number | string>('published'), sql<number>`0`).as('n')).executeTakeFirstOrThrow();
      return Number(counted.n);
    },

    /** The bodies (when `withBody`) and plain texts of these articles. */
    async postTexts(ids: number[], withBody: boolean): Promise<PostText[]> {
      if (!ids.length) return [];
      const q = db.selectFrom('articles').select(['articles.id', 'articles.body_text']).where('articles.id', 'in', ids);
      return withBody ? q.select('articles.body').execute() : q.select(sql<null>`null`.as('body')).execute();
    },

    /** Each article's authors in byline order. */
    authorsOfPosts: (ids: number[]) => authorsOfArticles(db, ids),

    /** Each article's public topics in the order the desk gave them. */
    async topicsOfPosts(ids: number[]): Promise<Map<number, TagRow[]>> {
      const map = new Map<number, TagRow[]>();
      if (!ids.length) return map;
      const rows = await db
        .selectFrom('article_topics')
        .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
        .select(['article_topics.article_id', 'topics.id', 'topics.slug', 'topics.name'])
        .where('article_topics.article_id', 'in', ids)
        .where('article_topics.suggested', '=', 0)
        .where('topics.reviewed', '=', 1)
        .orderBy('article_topics.article_id')
        .orderBy('article_topics.position')
        .execute();
      for (const { article_id, ...topic } of rows) map.set(article_id, [...(map.get(article_id) ?? []), { kind: 'topic', ...topic, description: '' }]);
      return map;
    },

    async pages({ filter, order, limit, offset }: Browse, withBody: boolean): Promise<{ rows: PageRow[]; total: number }> {
      const where = (eb: ExpressionBuilder<DB, 'pages'>) => {
        const live = eb('pages.status', '=', 'published');
        return filter ? eb.and([live, compileFilter(filter, pageRules, 'pages')(eb)]) : live;
      };
      const columns = ['pages.id', 'pages.slug', 'pages.title', 'pages.standfirst', 'pages.created_at', 'pages.updated_at', 'pages.published_at'] as const;
      const base = db.selectFrom('pages').select(columns).where(where);
      const page = orderBy(withBody ? base.select('pages.body') : base.select(sql<null>`null`.as('body')), order).limit(limit).offset(offset).execute();
      const total = db.selectFrom('pages').select((e) => e.fn.countAll<number | string>().as('n')).where(where).executeTakeFirstOrThrow();
      const [rows, counted] = await Promise.all([page, total]);
      return { rows, total: Number(counted.n) };
    },

    async authors({ filter, order, limit, offset }: Browse): Promise<{ rows: AuthorRow[]; total: number }> {
      const where = (eb: ExpressionBuilder<DB, 'authors'>) => (filter ? compileFilter(filter, authorRules, 'authors')(eb) : sql<SqlBool>`1 = 1`);
      const page = orderBy(db.selectFrom('authors').select(['authors.id', 'authors.slug', 'authors.name', 'authors.bio', 'authors.photo_url as photoUrl']).where(where), order)
        .limit(limit)
        .offset(offset)
        .execute();
      const total = db.selectFrom('authors').select((e) => e.fn.countAll<number | string>().as('n')).where(where).executeTakeFirstOrThrow();
      const [rows, counted] = await Promise.all([page, total]);
      return { rows, total: Number(counted.n) };
    },

    /** Sections and reviewed topics, as one list of tags. */
    async tags({ filter, order, limit, offset }: Browse): Promise<{ rows: TagRow[]; total: number }> {
      const union = () =>
        db
          .selectFrom('sections')
          .select([sql<TagRow['kind']>`'section'`.as('kind'), 'id', 'slug', 'name', 'description'])
          .unionAll(db.selectFrom('topics').select([sql<TagRow['kind']>`'topic'`.as('kind'), 'id', 'slug', 'name', sql<string>`''`.as('description')]).where('reviewed', '=', 1))
          .as('tags');
      const condition = filter ? compileFilter(filter, tagRules, 'tags') : undefined;
      const filtered = () => {
        const q = db.selectFrom(union()).selectAll();
        return condition ? q.where((eb) => condition(eb as never)) : q;
      };
      const page = orderBy(filtered(), order).limit(limit).offset(offset).execute();
      const total = db
        .selectFrom(filtered().as('counted'))
        .select((e) => e.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      const [rows, counted] = await Promise.all([page, total]);
      return { rows: rows as TagRow[], total: Number(counted.n) };
    },

    /** The sections in the order the site's navigation shows them. */
    sections: () => db.selectFrom('sections').select(['slug', 'name']).orderBy('position').orderBy('id').execute(),

    /** Published articles per section, topic or author: Ghost's `count.posts`. */
    async postCounts(kind: 'section' | 'topic' | 'author', ids: number[]): Promise<Map<number, number>> {
      if (!ids.length) return new Map();
      const rows =
        kind === 'section'
          ? await db.selectFrom('articles').select(['section_id as id', (e) => e.fn.countAll<number | string>().as('n')]).where('section_id', 'in', ids).where('status', '=', 'published').groupBy('section_id').execute()
          : kind === 'topic'
            ? await db
                .selectFrom('article_topics')
                .select(['topic_id as id', (e) => e.fn.countAll<number | string>().as('n')])
                .where('topic_id', 'in', ids)
                .where('suggested', '=', 0)
                .where('published_at', 'is not', null)
                .groupBy('topic_id')
                .execute()
            : await db
                .selectFrom('article_authors')
                .select(['author_id as id', (e) => e.fn.countAll<number | string>().as('n')])
                .where('author_id', 'in', ids)
                .where('published_at', 'is not', null)
                .groupBy('author_id')
                .execute();
      return new Map(rows.map((r) => [r.id, Number(r.n)]));
    },
  };
}

export type ContentStore = ReturnType<typeof contentStore>;
