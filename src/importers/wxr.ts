import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DomUtils, parseDOM } from 'htmlparser2';
import type { ArticleStatus } from '../content/workflow.js';
import { slugify } from '../content/slug.js';
import { ValidationError } from '../errors.js';
import { zonedTimeToUtc } from './dates.js';
import { htmlToBlocksMany, paragraphsFromNewlines } from './html-blocks.js';
import type { FormatReader, ImportedArticle, ImportedAuthor, ImportedTerm, SkippedItem } from './model.js';

/**
 * WordPress's Tools → Export file (WXR): RSS 2.0 with the wp:, content:, excerpt:
 * and dc: namespaces. Posts become articles; categories sections (the first) and
 * topics (the rest), tags topics, wp:author entries authors. Attachments, menu
 * items, revisions and pages are skipped and counted.
 */

const repeated = new Set(['item', 'category', 'wp:author', 'wp:category', 'wp:tag', 'wp:postmeta']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  // WordPress wraps text in CDATA; HTML entities inside post content are decoded when its HTML is read. Off, parsing takes half the time.
  htmlEntities: false,
  isArray: (name) => repeated.has(name),
});

type Node = Record<string, unknown>;

/** Text of an element that may carry attributes (`{ '#text': …, '@_domain': … }`). */
const str = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return str((value as Node)['#text']);
  return String(value);
};

const statuses: Record<string, ArticleStatus> = { publish: 'published', draft: 'draft', pending: 'in_review', future: 'scheduled', private: 'unpublished' };
const skippedTypes: Record<string, string> = {
  attachment: 'an attachment (media library item)',
  nav_menu_item: 'a menu item',
  revision: 'a revision',
  page: 'a page, not a post',
  wp_block: 'a reusable block',
  wp_navigation: 'a navigation menu',
  wp_template: 'a theme template',
  wp_template_part: 'a theme template part',
  wp_global_styles: 'theme styles',
  customize_changeset: 'a customizer changeset',
  oembed_cache: 'an oEmbed cache entry',
};

/** WordPress writes "2022-01-07 09:00:00" in UTC (…_gmt), or in the site's zone; all-zero for never. */
function wpTime(gmt: string, local: string, timeZone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(gmt);
  if (m && m[1] !== '0000') return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!)).toISOString();
  const l = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(local);
  if (l && l[1] !== '0000') return zonedTimeToUtc(+l[1]!, +l[2]!, +l[3]!, +l[4]!, +l[5]!, timeZone);
  return undefined;
}

const plainText = (html: string) => (html ? DomUtils.textContent(parseDOM(html)).replace(/\s+/g, ' ').trim() : '');

/** WordPress stores non-ASCII slugs percent-encoded; a slug that stays invalid is rebuilt from the headline later. */
function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/** Line of each <item> in the file, for messages that say where. */
function itemLines(content: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const m of content.matchAll(/<item[\s>]/g)) {
    for (let i = content.indexOf('\n', from); i !== -1 && i < m.index; i = content.indexOf('\n', i + 1)) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

export const readWxr: FormatReader = (content, { name, timeZone }) => {
  const valid = XMLValidator.validate(content);
  if (valid !== true) throw new ValidationError(`${name}: not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const doc = parser.parse(content) as Node;
  const rss = doc.rss as Node | undefined;
  const channel = rss?.channel as Node | undefined;
  if (!channel || (!rss?.['@_xmlns:wp'] && channel['wp:wxr_version'] === undefined)) {
    throw new ValidationError(`${name}: not a WordPress export: expected <rss> with the wp: namespace (the file Tools → Export writes)`);
  }
  const site = str(channel['wp:base_site_url']) || str(channel.link);

  const authors = new Map<string, ImportedAuthor>();
  for (const a of (channel['wp:author'] as Node[] | undefined) ?? []) {
    const login = str(a['wp:author_login']);
    const full = [str(a['wp:author_first_name']), str(a['wp:author_last_name'])].filter(Boolean).join(' ');
    if (login) authors.set(login, { name: str(a['wp:author_display_name']) || full || login, slug: slugify(login) });
  }
  const categories = new Map<string, ImportedTerm>();
  for (const c of (channel['wp:category'] as Node[] | undefined) ?? []) {
    const slug = str(c['wp:category_nicename']);
    if (slug) categories.set(slug, { name: str(c['wp:cat_name']) || slug, slug });
  }
  const tags = new Map<string, ImportedTerm>();
  for (const t of (channel['wp:tag'] as Node[] | undefined) ?? []) {
    const slug = str(t['wp:tag_slug']);
    if (slug) tags.set(slug, { name: str(t['wp:tag_name']) || slug, slug });
  }

  const items = (channel.item as Node[] | undefined) ?? [];
  const lines = itemLines(content);
  const attachments = new Map<string, string>();
  for (const item of items) {
    if (str(item['wp:post_type']) === 'attachment') attachments.set(str(item['wp:post_id']), str(item['wp:attachment_url']));
  }

  const articles: ImportedArticle[] = [];
  const htmls: string[] = [];
  const skipped: SkippedItem[] = [];
  items.forEach((item, index) => {
    const title = str(item.title).trim();
    const where = `item ${index + 1} (line ${lines[index] ?? '?'})${title ? ` "${title.slice(0, 60)}"` : ''}`;
    const type = str(item['wp:post_type']) || 'post';
    if (type !== 'post') {
      skipped.push({ name: where, reason: skippedTypes[type] ?? `post type "${type}" is not imported` });
      return;
    }
    const wpStatus = str(item['wp:status']);
    const status = statuses[wpStatus];
    if (!status) {
      skipped.push({ name: where, reason: `status "${wpStatus}" is not imported` });
      return;
    }
    if (!title) {
      skipped.push({ name: where, reason: 'a post without a title' });
      return;
    }
    const cats: ImportedTerm[] = [];
    const topics: ImportedTerm[] = [];
    for (const c of (item.category as Array<Node | string> | undefined) ?? []) {
      if (typeof c !== 'object') continue;
      const slug = str(c['@_nicename']);
      const term = { name: str(c) || slug, ...(slug ? { slug } : {}) };
      if (c['@_domain'] === 'category') cats.push(categories.get(slug) ?? term);
      else if (c['@_domain'] === 'post_tag') topics.push(tags.get(slug) ?? term);
    }
    const [section, ...moreCategories] = cats.filter((c) => c.slug !== 'uncategorized');
    const creator = str(item['dc:creator']);
    const author = authors.get(creator) ?? (creator ? { name: creator, slug: slugify(creator) } : undefined);
    const meta = ((item['wp:postmeta'] as Node[] | undefined) ?? []).find((m) => str(m['wp:meta_key']) === '_thumbnail_id');
    const postId = str(item['wp:post_id']);
    const guid = str(item.guid);
    const pubDate = Date.parse(str(item.pubDate));
    const publishedAt =
      wpTime(str(item['wp:post_date_gmt']), str(item['wp:post_date']), timeZone) ?? (Number.isNaN(pubDate) ? undefined : new Date(pubDate).toISOString());

    articles.push({
      key: `wxr:${guid || `${site}?p=${postId}`}`,
      where,
      headline: title,
      standfirst: plainText(str(item['excerpt:encoded'])),
      slug: decodeSlug(str(item['wp:post_name'])),
      section: section ?? cats[0] ?? { name: 'News', slug: 'news' },
      authors: author ? [author] : [],
      topics: [...moreCategories, ...topics],
      body: [],
      status,
      publishedAt,
      updatedAt: wpTime(str(item['wp:post_modified_gmt']), str(item['wp:post_modified']), timeZone),
      imageUrl: meta ? attachments.get(str(meta['wp:meta_value'])) || null : null,
    });
    htmls.push(paragraphsFromNewlines(str(item['content:encoded'])));
  });

  const bodies = htmlToBlocksMany(htmls);
  articles.forEach((a, i) => (a.body = bodies[i]!));
  return { format: 'wxr', articles, skipped };
};
