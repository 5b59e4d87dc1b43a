import type { ArticleStatus } from '../content/workflow.js';
import { slugify } from '../content/slug.js';
import { ValidationError } from '../errors.js';
import { zonedTimeToUtc } from './dates.js';
import { htmlToBlocks, paragraphsFromNewlines, plainText } from './html-blocks.js';
import type { FormatReader, ImportedArticle, ImportedAuthor, ImportedTerm, SkippedItem } from './model.js';
import { checkedHtml } from './shape-limits.js';
import { scanWxr, type WxrItem, type WxrRecord } from './wxr-scan.js';

/**
 * WordPress's Tools → Export file (WXR): RSS 2.0 with the wp:, content:, excerpt:
 * and dc: namespaces. Posts become articles; categories sections (the first) and
 * topics (the rest), tags topics, wp:author entries authors. Attachments, menu
 * items, revisions and pages are skipped and counted.
 */

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

/** WordPress stores non-ASCII slugs percent-encoded; a slug that stays invalid is rebuilt from the headline later. */
function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/**
 * Posts in the file at most, counted in its text before it is parsed (for progress, and for
 * the import to choose how to write): its items less those that say they are of another type.
 */
export function countPosts(content: string): number {
  const items = content.match(/<item[\s>]/g)?.length ?? 0;
  const others = content.match(/<(?:[\w.-]+:)?post_type>(?!\s*(?:post|<!\[CDATA\[\s*post\s*\]\]>)\s*<)/g)?.length ?? 0;
  return Math.max(0, items - others);
}

/**
 * Reads the file as a stream, so that the first posts are written while the rest is parsed.
 * A post is passed on, in the file's order, once what it refers to by id alone has been read:
 * its author's entry (WordPress writes the authors before the items) and its featured image's
 * attachment (which usually comes soon after the post). A category or tag names itself on the
 * post, so the export's lists are used as far as they have been read (a posts-only export has
 * none). The lists and attachments keep their first entry of a name.
 */
export const readWxr: FormatReader = (content, { name, timeZone }) => {
  const scan = scanWxr(content, name);
  const authors = new Map<string, ImportedAuthor>();
  const categories = new Map<string, ImportedTerm>();
  const tags = new Map<string, ImportedTerm>();
  /** Media-library items by id, for featured images: the file's URL, its alt text (post meta) and its caption (the excerpt). */
  const attachments = new Map<string, { url: string; alt: string; caption: string }>();

  function learn(record: WxrRecord): void {
    if (record.kind === 'item') {
      const { fields, meta } = record.item;
      const id = fields['wp:post_id'] ?? '';
      if (fields['wp:post_type'] !== 'attachment' || attachments.has(id)) return;
      const alt = meta.find((m) => m['wp:meta_key'] === '_wp_attachment_image_alt')?.['wp:meta_value'] ?? '';
      attachments.set(id, { url: fields['wp:attachment_url'] ?? '', alt, caption: plainText(checkedHtml(fields['excerpt:encoded'] ?? '', `${name}: attachment ${id}`)) });
    } else if (record.kind === 'author') {
      const a = record.fields;
      const login = a['wp:author_login'];
      const full = [a['wp:author_first_name'], a['wp:author_last_name']].filter(Boolean).join(' ');
      if (login && !authors.has(login)) authors.set(login, { name: a['wp:author_display_name'] || full || login, slug: slugify(login) });
    } else if (record.kind === 'category') {
      const slug = record.fields['wp:category_nicename'];
      if (slug && !categories.has(slug)) categories.set(slug, { name: record.fields['wp:cat_name'] || slug, slug });
    } else {
      const slug = record.fields['wp:tag_slug'];
      if (slug && !tags.has(slug)) tags.set(slug, { name: record.fields['wp:tag_name'] || slug, slug });
    }
  }

  /** Known once the root and a WordPress element have been read; refused at the end of the file otherwise. */
  const isWordPressExport = () => scan.rootName === 'rss' && scan.wordpressNamespace;
  const thumbnailOf = (item: WxrItem) => item.meta.find((m) => m['wp:meta_key'] === '_thumbnail_id')?.['wp:meta_value'];

  /**
   * Whether the file is known to be a WordPress export and what the item refers to by id has
   * been read. An item that refers to something the file lacks waits for the end of the file.
   */
  function settled(item: WxrItem): boolean {
    if (!isWordPressExport()) return false;
    const { fields } = item;
    if ((fields['wp:post_type'] || 'post') !== 'post') return true;
    if (!fields.guid && !scan.channel['wp:base_site_url']) return false;
    if (fields['dc:creator'] && !authors.has(fields['dc:creator'])) return false;
    const thumbnailId = thumbnailOf(item);
    return !thumbnailId || attachments.has(thumbnailId);
  }

  const skipped: SkippedItem[] = [];
  function article(index: number, item: WxrItem): ImportedArticle | undefined {
    const { line, fields, categories: itemCategories } = item;
    const field = (key: string) => fields[key] ?? '';
    const title = field('title');
    const where = `item ${index + 1} (line ${line})${title ? ` "${title.slice(0, 60)}"` : ''}`;
    const type = field('wp:post_type') || 'post';
    if (type !== 'post') {
      skipped.push({ name: where, reason: skippedTypes[type] ?? `post type "${type}" is not imported` });
      return undefined;
    }
    const wpStatus = field('wp:status');
    const status = statuses[wpStatus];
    if (!status) {
      skipped.push({ name: where, reason: `status "${wpStatus}" is not imported` });
      return undefined;
    }
    if (!title) {
      skipped.push({ name: where, reason: 'a post without a title' });
      return undefined;
    }
    const cats: ImportedTerm[] = [];
    const topics: ImportedTerm[] = [];
    for (const c of itemCategories) {
      const term = { name: c.name || c.nicename, ...(c.nicename ? { slug: c.nicename } : {}) };
      if (c.domain === 'category') cats.push(categories.get(c.nicename) ?? term);
      else if (c.domain === 'post_tag') topics.push(tags.get(c.nicename) ?? term);
    }
    const [section, ...moreCategories] = cats.filter((c) => c.slug !== 'uncategorized');
    const creator = field('dc:creator');
    const author = authors.get(creator) ?? (creator ? { name: creator, slug: slugify(creator) } : undefined);
    const thumbnailId = thumbnailOf(item);
    const featured = thumbnailId ? attachments.get(thumbnailId) : undefined;
    const guid = field('guid');
    const site = scan.channel['wp:base_site_url'] || scan.channel.link || '';
    const pubDate = Date.parse(field('pubDate'));
    const publishedAt =
      wpTime(field('wp:post_date_gmt'), field('wp:post_date'), timeZone) ?? (Number.isNaN(pubDate) ? undefined : new Date(pubDate).toISOString());

    return {
      key: `wxr:${guid || `${site}?p=${field('wp:post_id')}`}`,
      where,
      headline: title,
      standfirst: plainText(checkedHtml(field('excerpt:encoded'), `${name}: ${where}`)),
      slug: decodeSlug(field('wp:post_name')),
      section: section ?? cats[0] ?? { name: 'News', slug: 'news' },
      authors: author ? [author] : [],
      topics: [...moreCategories, ...topics],
      body: htmlToBlocks(checkedHtml(paragraphsFromNewlines(field('content:encoded')), `${name}: ${where}`)),
      status,
      publishedAt,
      updatedAt: wpTime(field('wp:post_modified_gmt'), field('wp:post_modified'), timeZone),
      imageUrl: featured?.url || null,
      imageAlt: featured?.alt,
      imageCaption: featured?.caption,
      // A post behind a password, or private to the site's own accounts, was never for everyone:
      // members-only here. A private post also stays unpublished (its status above) for an editor to decide.
      access: field('wp:post_password') || wpStatus === 'private' ? 'members' : 'free',
    };
  }

  // Bodies are converted as the writer asks for them, so that reading and writing overlap.
  function* articles(): Generator<ImportedArticle> {
    /** Items read and not yet passed on, in the file's order, from `next`. */
    const waiting: WxrItem[] = [];
    let next = 0;
    let index = 0;
    function* passOn(all: boolean): Generator<ImportedArticle> {
      while (next < waiting.length && (all || settled(waiting[next]!))) {
        const converted = article(index++, waiting[next++]!);
        if (converted) yield converted;
      }
      if (next === waiting.length) waiting.length = next = 0;
    }
    for (const record of scan.records) {
      learn(record);
      if (record.kind === 'item') waiting.push(record.item);
      yield* passOn(false);
    }
    if (!isWordPressExport()) {
      throw new ValidationError(`${name}: not a WordPress export: expected <rss> with the wp: namespace (the file Tools → Export writes)`);
    }
    yield* passOn(true);
  }
  return { format: 'wxr', articles: articles(), total: countPosts(content), skipped };
};
