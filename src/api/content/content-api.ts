import type { Kysely } from 'kysely';
import { bodyText, type Block } from '../../content/blocks.js';
import type { ContentEvents } from '../../content/events.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import type { PlanService } from '../../members/plans.js';
import type { PageService } from '../../pages/page-service.js';
import { contentStore, type ContentStore } from './content-store.js';
import type { FilterNode } from './nql.js';
import { browseParams, pagination, pick, type BrowseParams, type ResourceOptions } from './params.js';
import { readableTexts } from './readable-texts.js';
import { authorOf, freeTier, pageOf, postOf, postVisibility, tagOf, tierOf, type SerializeContext } from './serializers.js';

/** The resources `/ghost/api/content/` answers, as Ghost names them. */
export const contentResources = ['posts', 'pages', 'tags', 'authors', 'tiers', 'settings'] as const;
export type ContentResource = (typeof contentResources)[number];

const resources: Record<Exclude<ContentResource, 'settings'>, ResourceOptions> = {
  posts: {
    orderable: { published_at: 'articles.published_at', updated_at: 'articles.updated_at', created_at: 'articles.created_at', title: 'articles.headline', slug: 'articles.slug', id: 'articles.id' },
    includes: ['authors', 'tags'],
    defaultOrder: [{ column: 'articles.published_at', direction: 'desc' }],
    formats: true,
  },
  pages: {
    orderable: { published_at: 'pages.published_at', updated_at: 'pages.updated_at', created_at: 'pages.created_at', title: 'pages.title', slug: 'pages.slug', id: 'pages.id' },
    includes: ['authors', 'tags'],
    defaultOrder: [{ column: 'pages.published_at', direction: 'desc' }],
    formats: true,
  },
  tags: {
    orderable: { name: 'tags.name', slug: 'tags.slug', id: 'tags.id' },
    includes: ['count.posts'],
    defaultOrder: [{ column: 'tags.name', direction: 'asc' }],
    formats: false,
  },
  authors: {
    orderable: { name: 'authors.name', slug: 'authors.slug', id: 'authors.id' },
    includes: ['count.posts'],
    defaultOrder: [{ column: 'authors.name', direction: 'asc' }],
    formats: false,
  },
  // Ghost's client asks tiers to include their prices and benefits; they are always there.
  tiers: { orderable: { id: 'id' }, includes: ['monthly_price', 'yearly_price', 'benefits'], defaultOrder: [], formats: false },
};

/** Ghost's singular names, for "Post not found." */
const singular: Record<string, string> = { posts: 'Post', pages: 'Page', tags: 'Tag', authors: 'Author' };

export interface ContentApiConfig {
  siteUrl: string;
  siteName: string;
  timeZone: string;
}

type Query = Record<string, string | undefined>;

/** Only the key/value tests Ghost's tier filters use (`type:paid`, `slug:[a,b]`), answered in memory over the few tiers. */
function matchesTier(tier: Record<string, unknown>, node: FilterNode): boolean {
  if ('nodes' in node) return node.kind === 'and' ? node.nodes.every((n) => matchesTier(tier, n)) : node.nodes.some((n) => matchesTier(tier, n));
  const actual = tier[node.property];
  if (node.kind === 'in') return node.values.some((v) => v === actual) !== node.negated;
  if (node.op === '=') return node.value === actual;
  if (node.op === '!=') return node.value !== actual;
  return false;
}

/**
 * Ghost's Content API over Broadsheet's published content: browse and read posts (published
 * articles), pages (standing pages), tags (sections, then topics), authors, tiers and settings,
 * each answering with Ghost's JSON shapes. Read-only and the same for every key: members-only
 * content is gated here as on the site, for everyone.
 *
 * @example await contentApi.browse('posts', { limit: '15', include: 'tags,authors' })
 */
export function contentApiService(db: Kysely<DB>, deps: { plans: PlanService; pages: PageService; events: ContentEvents; now?: () => Date }) {
  const store = contentStore(db, deps.now);
  const publishedTotal = keptUntilArticlesChange(deps.events, () => store.postTotal(undefined));
  return {
    /** The API as one site answers it: addresses are absolute on `config.siteUrl`. */
    forSite: (config: ContentApiConfig) => siteContentApi(store, { ...deps, publishedTotal }, config),
  };
}

/**
 * `count()`'s answer, kept until an article changes: the unfiltered total of published posts,
 * asked on every browse, changes only when an article is published, unpublished or deleted. The
 * change feed tells this process of other processes' changes, as it tells the render cache.
 */
function keptUntilArticlesChange(events: ContentEvents, count: () => Promise<number>): () => Promise<number> {
  let kept: Promise<number> | undefined;
  // A count that started before the change may have read the old state: it is dropped, not kept.
  events.onChange((change) => {
    if (change.entity === 'article') kept = undefined;
  });
  return () => {
    if (kept) return kept;
    const counting = count();
    kept = counting;
    counting.catch(() => {
      if (kept === counting) kept = undefined;
    });
    return counting;
  };
}

function siteContentApi(store: ContentStore, deps: { plans: PlanService; pages: PageService; publishedTotal: () => Promise<number> }, config: ContentApiConfig) {
  const texts = readableTexts(config.siteUrl);
  const context = (params: BrowseParams): SerializeContext => ({ siteUrl: config.siteUrl, include: params.include, formats: params.formats });
  const window = (params: BrowseParams) => ({ filter: params.filter, order: params.order, limit: params.limit, offset: (params.page - 1) * params.limit });

  async function posts(params: BrowseParams) {
    const [rows, total] = await Promise.all([store.postPage(window(params)), params.filter ? store.postTotal(params.filter) : deps.publishedTotal()]);
    const ids = rows.map((r) => r.id);
    const [authors, topics, text] = await Promise.all([
      params.include.has('authors') ? store.authorsOfPosts(ids) : new Map(),
      params.include.has('tags') ? store.topicsOfPosts(ids) : new Map(),
      texts.of(
        rows.map((r) => ({ id: r.id, version: `post:${r.id}:${r.updated_at}`, open: postVisibility(r) === 'public' })),
        params.formats,
        async (unread, withBody) => (await store.postTexts(unread, withBody)).map((t) => ({ id: t.id, text: t.body_text, body: t.body })),
      ),
    ]);
    const ctx = context(params);
    return { items: rows.map((row) => postOf(row, { authors: authors.get(row.id) ?? [], topics: topics.get(row.id) ?? [], text: text.get(row.id)! }, ctx)), total };
  }

  async function pages(params: BrowseParams) {
    const { rows, total } = await store.pages(window(params), true);
    const text = await texts.of(
      rows.map((r) => ({ id: r.id, version: `page:${r.id}:${r.updated_at}`, open: true })),
      params.formats,
      async (unread) => rows.filter((r) => unread.includes(r.id)).map((r) => ({ id: r.id, body: r.body, text: r.body ? bodyText(JSON.parse(r.body) as Block[]) : '' })),
    );
    const ctx = context(params);
    return { items: rows.map((row) => pageOf(row, text.get(row.id)!, ctx)), total };
  }

  async function tags(params: BrowseParams) {
    const { rows, total } = await store.tags(window(params));
    const counted = params.include.has('count.posts');
    const [sections, topics] = counted
      ? await Promise.all([
          store.postCounts('section', rows.filter((r) => r.kind === 'section').map((r) => r.id)),
          store.postCounts('topic', rows.filter((r) => r.kind === 'topic').map((r) => r.id)),
        ])
      : [new Map<number, number>(), new Map<number, number>()];
    const ctx = context(params);
    const items = rows.map((r) => tagOf(r, ctx, counted ? ((r.kind === 'section' ? sections : topics).get(r.id) ?? 0) : undefined));
    return { items, total };
  }

  async function authors(params: BrowseParams) {
    const { rows, total } = await store.authors(window(params));
    const counted = params.include.has('count.posts');
    const counts = counted ? await store.postCounts('author', rows.map((r) => r.id)) : new Map<number, number>();
    const ctx = context(params);
    return { items: rows.map((r) => authorOf(r, ctx, counted ? (counts.get(r.id) ?? 0) : undefined)), total };
  }

  async function tiers(params: BrowseParams) {
    const plans = await deps.plans.current();
    const all = [freeTier(), ...plans.tiers.map(tierOf)].filter((t) => !params.filter || matchesTier(t, params.filter));
    const offset = (params.page - 1) * params.limit;
    return { items: all.slice(offset, offset + params.limit), total: all.length };
  }

  const resourceBrowsers = { posts, pages, tags, authors, tiers };
  /** One resource's items, each cut down to the asked-for `fields`. */
  async function browseItems(resource: keyof typeof resourceBrowsers, params: BrowseParams) {
    const { items, total } = await resourceBrowsers[resource](params);
    return { items: items.map((item: Record<string, unknown>) => pick(item, params.fields)), total };
  }

  return {
    /** `GET /ghost/api/content/{resource}/`: `{ [resource]: [...], meta: { pagination } }`. */
    async browse(resource: Exclude<ContentResource, 'settings'>, query: Query) {
      const params = browseParams(query, resources[resource]);
      const { items, total } = await browseItems(resource, params);
      return { [resource]: items, meta: { pagination: pagination(params, total) } };
    },

    /** `GET /ghost/api/content/{resource}/{id}/` or `…/slug/{slug}/`: `{ [resource]: [item] }`, or NotFoundError. */
    async read(resource: 'posts' | 'pages' | 'tags' | 'authors', by: { id: string } | { slug: string }, query: Query) {
      const params = browseParams({ include: query.include, fields: query.fields, formats: query.formats, limit: '1' }, resources[resource]);
      params.filter = 'id' in by ? { kind: 'compare', property: 'id', op: '=', value: by.id } : { kind: 'compare', property: 'slug', op: '=', value: by.slug };
      // Two sections may hold the same slug (and a section and a topic): the newest post, the section, wins.
      if (resource === 'tags') params.order = [{ column: 'tags.kind', direction: 'asc' }, ...params.order];
      const { items } = await browseItems(resource, params);
      if (!items.length) throw new NotFoundError(`${singular[resource]} not found.`);
      return { [resource]: items };
    },

    /** `GET /ghost/api/content/settings/`: the publication as Ghost describes a site. */
    async settings() {
      const [sections, links, plans] = await Promise.all([store.sections(), deps.pages.publishedLinks(), deps.plans.current()]);
      const url = `${config.siteUrl.replace(/\/$/, '')}/`;
      return {
        settings: {
          title: config.siteName,
          description: null,
          logo: null,
          icon: null,
          accent_color: null,
          cover_image: null,
          facebook: null,
          twitter: null,
          lang: 'en',
          locale: 'en',
          timezone: config.timeZone,
          codeinjection_head: null,
          codeinjection_foot: null,
          navigation: sections.map((s) => ({ label: s.name, url: `${url}${s.slug}/` })),
          secondary_navigation: links.map((p) => ({ label: p.title, url: `${url}${p.slug}/` })),
          meta_title: null,
          meta_description: null,
          og_image: null,
          og_title: null,
          og_description: null,
          twitter_image: null,
          twitter_title: null,
          twitter_description: null,
          members_support_address: null,
          members_enabled: true,
          paid_members_enabled: plans.tiers.length > 0,
          url,
        },
        meta: {},
      };
    },
  };
}

export type ContentApiService = ReturnType<typeof contentApiService>;
export type SiteContentApi = ReturnType<typeof siteContentApi>;
