import type { ArticleStatus } from '../content/workflow.js';
import { slugify } from '../content/slug.js';
import { ValidationError } from '../errors.js';
import { zonedTimeToUtc } from './dates.js';
import { htmlToBlocks, paragraphsFromNewlines, plainText } from './html-blocks.js';
import type { FormatReader, ImportedArticle, ImportedAuthor, ImportedTerm, SkippedItem } from './model.js';
import { checkedHtml } from './shape-limits.js';
import { scanWxr } from './wxr-scan.js';

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

export const readWxr: FormatReader = (content, { name, timeZone }) => {
  const scan = scanWxr(content, name);
  const { channel } = scan;
  if (scan.rootName !== 'rss' || !scan.wordpressNamespace) {
    throw new ValidationError(`${name}: not a WordPress export: expected <rss> with the wp: namespace (the file Tools → Export writes)`);
  }
  const site = channel['wp:base_site_url'] || channel.link || '';

  const authors = new Map<string, ImportedAuthor>();
  for (const a of scan.authors) {
    const login = a['wp:author_login'];
    const full = [a['wp:author_first_name'], a['wp:author_last_name']].filter(Boolean).join(' ');
    if (login) authors.set(login, { name: a['wp:author_display_name'] || full || login, slug: slugify(login) });
  }
  const categories = new Map<string, ImportedTerm>();
  for (const c of scan.categories) {
    const slug = c['wp:category_nicename'];
    if (slug) categories.set(slug, { name: c['wp:cat_name'] || slug, slug });
  }
  const tags = new Map<string, ImportedTerm>();
  for (const t of scan.tags) {
    const slug = t['wp:tag_slug'];
    if (slug) tags.set(slug, { name: t['wp:tag_name'] || slug, slug });
  }

  /** Media-library items by id, for featured images: the file's URL, its alt text (post meta) and its caption (the excerpt). */
  const attachments = new Map<string, { url: string; alt: string; caption: string }>();
  for (const { fields, meta } of scan.items) {
    if (fields['wp:post_type'] !== 'attachment') continue;
    const alt = meta.find((m) => m['wp:meta_key'] === '_wp_attachment_image_alt')?.['wp:meta_value'] ?? '';
    attachments.set(fields['wp:post_id'] ?? '', { url: fields['wp:attachment_url'] ?? '', alt, caption: plainText(checkedHtml(fields['excerpt:encoded'] ?? '', `${name}: attachment ${fields['wp:post_id'] ?? ''}`)) });
  }

  const skipped: SkippedItem[] = [];
  // Bodies are converted as the writer asks for them, so that reading and writing overlap.
  function* articles(): Generator<ImportedArticle> {
    for (const [index, { line, fields, categories: itemCategories, meta }] of scan.items.entries()) {
      const field = (key: string) => fields[key] ?? '';
      const title = field('title');
      const where = `item ${index + 1} (line ${line})${title ? ` "${title.slice(0, 60)}"` : ''}`;
      const type = field('wp:post_type') || 'post';
      if (type !== 'post') {
        skipped.push({ name: where, reason: skippedTypes[type] ?? `post type "${type}" is not imported` });
        continue;
      }
      const wpStatus = field('wp:status');
      const status = statuses[wpStatus];
      if (!status) {
        skipped.push({ name: where, reason: `status "${wpStatus}" is not imported` });
        continue;
      }
      if (!title) {
        skipped.push({ name: where, reason: 'a post without a title' });
        continue;
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
      const thumbnailId = meta.find((m) => m['wp:meta_key'] === '_thumbnail_id')?.['wp:meta_value'];
      const featured = thumbnailId ? attachments.get(thumbnailId) : undefined;
      const guid = field('guid');
      const pubDate = Date.parse(field('pubDate'));
      const publishedAt =
        wpTime(field('wp:post_date_gmt'), field('wp:post_date'), timeZone) ?? (Number.isNaN(pubDate) ? undefined : new Date(pubDate).toISOString());

      yield {
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
  }
  const total = scan.items.filter(({ fields }) => (fields['wp:post_type'] || 'post') === 'post').length;
  return { format: 'wxr', articles: articles(), total, skipped };
};
