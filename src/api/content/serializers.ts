import { createHash } from 'node:crypto';
import { absoluteRenderableUrl } from '../../content/urls.js';
import type { TierRow } from '../../members/plan-store.js';
import { slugify } from '../../content/slug.js';
import { articlePath } from '../../content/article-store.js';
import { tagId, visibilityOfAccess, type AuthorRow, type PageRow, type PostRow, type TagRow, type Visibility } from './content-store.js';
import { DerivedCache } from './derived-cache.js';
import type { ReadableText } from './readable-texts.js';

/** What every serializer needs from the request and the site. */
export interface SerializeContext {
  siteUrl: string;
  include: Set<string>;
  formats: Set<'html' | 'plaintext'>;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Every browse names 15 posts: their UUIDs are worked out once each.
const uuids = new DerivedCache<string>(10_000);

/** A stable UUID per item (name-based, as in RFC 9562 version 5), since Broadsheet's ids are integers. */
export function stableUuid(name: string): string {
  const known = uuids.get(name);
  if (known) return known;
  const h = createHash('sha1').update(`broadsheet:${name}`).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return uuids.set(name, `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`);
}

const absolute = (siteUrl: string, path: string) => `${siteUrl.replace(/\/$/, '')}${path}`;

export function tagOf(tag: TagRow, ctx: SerializeContext, postCount?: number) {
  return {
    id: tagId(tag.kind, tag.id),
    name: tag.name,
    slug: tag.slug,
    description: tag.description || null,
    feature_image: null,
    visibility: 'public',
    og_image: null,
    og_title: null,
    og_description: null,
    twitter_image: null,
    twitter_title: null,
    twitter_description: null,
    meta_title: null,
    meta_description: null,
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: absolute(ctx.siteUrl, tag.kind === 'section' ? `/${tag.slug}/` : `/topic/${tag.slug}/`),
    ...(postCount === undefined ? {} : { count: { posts: postCount } }),
  };
}

export function authorOf(author: AuthorRow, ctx: SerializeContext, postCount?: number) {
  return {
    id: String(author.id),
    name: author.name,
    slug: author.slug,
    profile_image: absoluteRenderableUrl(ctx.siteUrl, author.photoUrl) ?? null,
    cover_image: null,
    bio: author.bio || null,
    website: null,
    location: null,
    facebook: null,
    twitter: null,
    meta_title: null,
    meta_description: null,
    url: absolute(ctx.siteUrl, `/author/${author.slug}/`),
    ...(postCount === undefined ? {} : { count: { posts: postCount } }),
  };
}

interface Readable {
  id: number;
  kind: 'post' | 'page';
  title: string;
  slug: string;
  standfirst: string;
  text: ReadableText;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  visibility: Visibility;
  featured: boolean;
  path: string;
  image: { url: string | null; alt: string | null; caption: string | null; credit: string | null };
  metaTitle: string | null;
  metaDescription: string | null;
  tags: TagRow[];
  authors: AuthorRow[];
}

/**
 * Ghost's post (and page) object. Only public items carry their html and plaintext: a metered
 * or members-only article keeps its standfirst as the excerpt and says `access: false`, as its
 * page does for a reader who may not read it.
 */
function readableOf(item: Readable, ctx: SerializeContext) {
  const open = item.visibility === 'public';
  const caption = [item.image.caption, item.image.credit].filter(Boolean).join(' ');
  const related =
    ctx.include.has('tags') || ctx.include.has('authors')
      ? {
          ...(ctx.include.has('tags') ? { tags: item.tags.map((t) => tagOf(t, ctx)), primary_tag: item.tags[0] ? tagOf(item.tags[0], ctx) : null } : {}),
          ...(ctx.include.has('authors') ? { authors: item.authors.map((a) => authorOf(a, ctx)), primary_author: item.authors[0] ? authorOf(item.authors[0], ctx) : null } : {}),
        }
      : {};
  return {
    id: String(item.id),
    uuid: stableUuid(`${item.kind}:${item.id}`),
    title: item.title,
    slug: item.slug,
    ...(ctx.formats.has('html') ? { html: open ? (item.text.html ?? '') : '' } : {}),
    ...(ctx.formats.has('plaintext') ? { plaintext: open ? (item.text.plaintext ?? '') : '' } : {}),
    comment_id: String(item.id),
    feature_image: absoluteRenderableUrl(ctx.siteUrl, item.image.url) ?? null,
    feature_image_alt: item.image.url ? item.image.alt || null : null,
    feature_image_caption: item.image.url && caption ? escapeHtml(caption) : null,
    featured: item.featured,
    visibility: item.visibility,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    published_at: item.publishedAt,
    custom_excerpt: item.standfirst || null,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: null,
    ...related,
    url: absolute(ctx.siteUrl, item.path),
    excerpt: item.standfirst || (open ? item.text.excerpt : ''),
    reading_time: item.text.minutes,
    access: open,
    comments: false,
    og_image: null,
    og_title: null,
    og_description: null,
    twitter_image: null,
    twitter_title: null,
    twitter_description: null,
    meta_title: item.metaTitle,
    meta_description: item.metaDescription,
    email_subject: null,
    frontmatter: null,
  };
}

/** Ghost's visibility of an article: who may read its body. */
export const postVisibility = (row: Pick<PostRow, 'access'>): Visibility => visibilityOfAccess[row.access as keyof typeof visibilityOfAccess] ?? 'paid';

export function postOf(row: PostRow, related: { authors: AuthorRow[]; topics: TagRow[]; text: ReadableText }, ctx: SerializeContext) {
  const section: TagRow = { kind: 'section', id: row.section_id, slug: row.section_slug, name: row.section_name, description: row.section_description };
  return readableOf(
    {
      id: row.id,
      kind: 'post',
      title: row.headline,
      slug: row.slug,
      standfirst: row.standfirst,
      text: related.text,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
      visibility: postVisibility(row),
      featured: Boolean(row.featured),
      path: `${articlePath(row.section_slug, row.url_month, row.slug)}`,
      image: { url: row.image_url, alt: row.image_alt, caption: row.image_caption, credit: row.image_credit },
      metaTitle: row.seo_title,
      metaDescription: row.seo_description,
      // The section is the primary tag, as Ghost imports make it (src/importers).
      tags: [section, ...related.topics],
      authors: related.authors,
    },
    ctx,
  );
}

export function pageOf(row: PageRow, text: ReadableText, ctx: SerializeContext) {
  return readableOf(
    {
      id: row.id,
      kind: 'page',
      title: row.title,
      slug: row.slug,
      standfirst: row.standfirst,
      text,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      publishedAt: row.published_at,
      visibility: 'public',
      featured: false,
      path: `/${row.slug}`,
      image: { url: null, alt: null, caption: null, credit: null },
      metaTitle: null,
      metaDescription: null,
      tags: [],
      authors: [],
    },
    ctx,
  );
}

/** Ghost's free tier: registering costs nothing and opens metered articles. */
export function freeTier() {
  return { id: 'free', name: 'Free', description: null, slug: 'free', active: true, type: 'free', welcome_page_url: null, created_at: null, updated_at: null, visibility: 'public', trial_days: 0, currency: null, monthly_price: null, yearly_price: null, benefits: [] as string[] };
}

/** A membership tier; Ghost prices a tier in one currency, so the first the newsroom set is given. */
export function tierOf(tier: TierRow) {
  const price = tier.prices[0];
  return {
    id: String(tier.id),
    name: tier.name,
    description: null,
    slug: slugify(tier.name),
    active: true,
    type: 'paid',
    welcome_page_url: null,
    created_at: null,
    updated_at: null,
    visibility: 'public',
    trial_days: 0,
    currency: price?.currency ?? null,
    monthly_price: price?.monthly ?? null,
    yearly_price: price?.annual ?? null,
    benefits: tier.benefits,
  };
}
