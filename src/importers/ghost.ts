import { z } from 'zod';
import type { AccessLevel } from '../access/access-level.js';
import type { Block } from '../content/blocks.js';
import { isAbsoluteHttpUrl, isAcceptedUrl, urlRuleMessage } from '../content/urls.js';
import type { ArticleStatus } from '../content/workflow.js';
import { ValidationError } from '../errors.js';
import { lexicalToBlocks, mobiledocToBlocks } from './ghost-body.js';
import { htmlToBlocks, plainText } from './html-blocks.js';
import { checkedHtml, readNested } from './shape-limits.js';
import type { FormatReader, ImportedArticle, ImportedAuthor, ImportedTerm, SkippedItem } from './model.js';

/**
 * Ghost's "Export content" file: `{ db: [{ meta, data: { posts, tags, users,
 * posts_tags, posts_authors, posts_meta } }] }`. Posts become articles, users their
 * authors, the primary (first public) tag the section and the other public tags topics.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const time = z.union([z.string(), z.number()]).nullable().optional();
const text = z.string().nullable().optional();

const postSchema = z.object({
  id,
  uuid: text,
  title: z.string({ message: 'needs a title' }),
  slug: z.string({ message: 'needs a slug' }),
  lexical: text,
  mobiledoc: text,
  html: text,
  feature_image: text,
  // Ghost 5 keeps these two in posts_meta; earlier exports have them on the post.
  feature_image_alt: text,
  feature_image_caption: text,
  type: z.string().optional(),
  status: z.string().default('draft'),
  visibility: z.string().optional(),
  published_at: time,
  updated_at: time,
  created_at: time,
  custom_excerpt: text,
  meta_title: text,
  meta_description: text,
  author_id: id.optional().nullable(),
});
const exportSchema = z.object({
  posts: z.array(z.unknown()),
  settings: z.array(z.object({ key: z.string(), value: z.unknown() }).loose()).default([]),
  tags: z.array(z.object({ id, name: z.string(), slug: z.string().optional(), visibility: z.string().optional() })).default([]),
  users: z.array(z.object({ id, name: z.string(), slug: z.string().optional(), bio: text, profile_image: text })).default([]),
  posts_tags: z.array(z.object({ post_id: id, tag_id: id, sort_order: z.number().nullable().optional() })).default([]),
  posts_authors: z.array(z.object({ post_id: id, author_id: id, sort_order: z.number().nullable().optional() })).default([]),
  posts_meta: z.array(z.object({ post_id: id, meta_title: text, meta_description: text, feature_image_alt: text, feature_image_caption: text })).default([]),
});

type Post = z.output<typeof postSchema>;

const statuses: Record<string, ArticleStatus> = { published: 'published', sent: 'published', draft: 'draft', scheduled: 'scheduled' };

/**
 * Ghost's post visibility: `members` asks readers to sign up (free), `paid` and `tiers` need a
 * paid plan. A value Ghost adds later is read as the strictest, never as public.
 */
const accessOfVisibility = (visibility: string | undefined): AccessLevel =>
  !visibility || visibility === 'public' ? 'free' : visibility === 'members' ? 'registered' : 'members';

function iso(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function groupBy<T extends { post_id: string; sort_order?: number | null }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.post_id) ?? [];
    list.push(r);
    map.set(r.post_id, list);
  }
  for (const list of map.values()) list.sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0));
  return map;
}

/**
 * Ghost writes its own address in stored URLs as `__GHOST_URL__`. They become absolute
 * against the site's address when the export carries it (a `url` setting or meta field),
 * and paths on this site otherwise, where the same images can be served.
 */
function ghostUrlRewriter(settings: Array<{ key: string; value: unknown }>, meta: unknown): (text: string) => string {
  const candidates = [settings.find((s) => s.key === 'url')?.value, (meta as { url?: unknown } | undefined)?.url];
  const site = candidates.find((u): u is string => typeof u === 'string' && isAbsoluteHttpUrl(u.trim()));
  const base = site ? new URL(site.trim()).href.replace(/\/+$/, '') : '';
  return (text) => text.replaceAll('__GHOST_URL__', base);
}

export const readGhost: FormatReader = (content, { name }) => {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    throw new ValidationError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const root = json as { db?: Array<{ data?: unknown; meta?: unknown }>; data?: unknown; meta?: unknown };
  const data = root?.db?.[0]?.data ?? root?.data;
  if (!data || typeof data !== 'object' || !Array.isArray((data as { posts?: unknown }).posts)) {
    throw new ValidationError(`${name}: not a Ghost export: expected db[0].data.posts (the file Ghost's "Export content" writes)`);
  }
  const parsed = exportSchema.safeParse(data);
  if (!parsed.success) {
    throw new ValidationError(`${name}: not a valid Ghost export`, parsed.error.issues.map((i) => ({ path: `db[0].data.${i.path.join('.')}`, message: i.message })));
  }
  const d = parsed.data;
  const ghostUrls = ghostUrlRewriter(d.settings, root?.db?.[0]?.meta ?? root?.meta);
  const tags = new Map(d.tags.map((t) => [t.id, t]));
  const users = new Map(d.users.map((u, index) => [u.id, { ...u, index }]));
  const tagsOf = groupBy(d.posts_tags);
  const authorsOf = groupBy(d.posts_authors);
  const metaOf = new Map(d.posts_meta.map((m) => [m.post_id, m]));

  const skipped: SkippedItem[] = [];
  // Bodies are converted as the writer asks for them, so that reading and writing overlap.
  function* articles(): Generator<ImportedArticle> {
    for (const [index, raw] of d.posts.entries()) {
      const result = postSchema.safeParse(raw);
      const slugHint = (raw as { slug?: unknown })?.slug;
      const where = `posts[${index}]${typeof slugHint === 'string' ? ` "${slugHint}"` : ''}`;
      if (!result.success) {
        throw new ValidationError(`${name}: ${where}: not a valid Ghost post`, result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      }
      const post: Post = result.data;
      if (post.type && post.type !== 'post') {
        skipped.push({ name: where, reason: `a Ghost ${post.type}, not a post` });
        continue;
      }
      const status = statuses[post.status];
      if (!status) {
        skipped.push({ name: where, reason: `status "${post.status}" is not imported` });
        continue;
      }
      const publicTags = (tagsOf.get(post.id) ?? [])
        .map((pt) => tags.get(pt.tag_id))
        .filter((t): t is NonNullable<typeof t> => t !== undefined && t.visibility !== 'internal' && !t.name.startsWith('#'));
      const [primary, ...rest] = publicTags;
      const authorIds = (authorsOf.get(post.id) ?? []).map((pa) => pa.author_id);
      if (!authorIds.length && post.author_id) authorIds.push(post.author_id);
      const authors: ImportedAuthor[] = authorIds
        .map((aid) => users.get(aid))
        .filter((u): u is NonNullable<typeof u> => u !== undefined)
        .map((u) => {
          const photoUrl = u.profile_image ? ghostUrls(u.profile_image.trim()) : null;
          if (photoUrl && !isAcceptedUrl(photoUrl)) {
            throw new ValidationError(`${name}: ${where}: its author users[${u.index}] "${u.name.slice(0, 80)}" has an unusable picture`, [{ path: 'profile_image', message: urlRuleMessage }]);
          }
          return { name: u.name, ...(u.slug ? { slug: u.slug } : {}), ...(u.bio ? { bio: u.bio } : {}), photoUrl };
        });
      const term = (t: { name: string; slug?: string }): ImportedTerm => ({ name: t.name, ...(t.slug ? { slug: t.slug } : {}) });

      let body: Block[] = [];
      try {
        body = readNested(
          () => (post.lexical ? lexicalToBlocks(ghostUrls(post.lexical)) : post.mobiledoc ? mobiledocToBlocks(ghostUrls(post.mobiledoc)) : post.html ? htmlToBlocks(checkedHtml(ghostUrls(post.html), `${name}: ${where}`)) : []),
          name,
          where,
        );
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
        throw new ValidationError(`${name}: ${where}: its ${post.lexical ? 'lexical' : 'mobiledoc'} body is not valid JSON (${error.message})`);
      }
      const meta = metaOf.get(post.id);
      const article: ImportedArticle = {
        key: `ghost:${post.uuid ?? post.id}`,
        where,
        headline: post.title,
        standfirst: post.custom_excerpt ?? '',
        slug: post.slug,
        section: primary ? term(primary) : { name: 'News', slug: 'news' },
        authors,
        topics: rest.map(term),
        body,
        status,
        publishedAt: iso(post.published_at),
        updatedAt: iso(post.updated_at),
        imageUrl: post.feature_image ? ghostUrls(post.feature_image) : null,
        imageAlt: meta?.feature_image_alt ?? post.feature_image_alt,
        // Ghost's caption is HTML (a credit is often a link in it); the lead image's caption is text.
        imageCaption: plainText(checkedHtml(meta?.feature_image_caption ?? post.feature_image_caption ?? '', `${name}: ${where}`)),
        seoTitle: meta?.meta_title ?? post.meta_title ?? null,
        seoDescription: meta?.meta_description ?? post.meta_description ?? null,
        access: accessOfVisibility(post.visibility),
      };
      yield article;
    }
  }
  return { format: 'ghost', articles: articles(), total: d.posts.length, skipped };
};
