import { Feed } from 'feed';
import type { ArticleSummary } from '../../content/article-store.js';
import { absoluteRenderableUrl } from '../../content/urls.js';

export interface RssSpec {
  siteUrl: string;
  siteName: string;
  title: string;
  description: string;
  /** The page the feed follows, e.g. /world. */
  path: string;
  /** The feed's own path, e.g. /world/feed. */
  feedPath: string;
  items: ArticleSummary[];
}

/**
 * Plain text as RSS readers expect it: they render titles and descriptions as HTML, and
 * `feed` only makes text well-formed XML (item fields go into CDATA as they are), so a
 * standfirst of `<img onerror=…>` would arrive as an element. Escaped here, it arrives as text.
 */
export const feedText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An RSS 2.0 document for a list of articles, built with `feed`. Every plain-text field
 * passes through feedText first. Links are absolute, as feed readers need, and an image
 * whose stored URL breaks the URL rule is left out (`feed` throws on one). Items carry no
 * <author>: RSS 2.0 requires an email address there, and bylines have none.
 *
 * @example rssFeed({ siteUrl, siteName, title: 'World', description: '', path: '/world', feedPath: '/world/feed', items })
 */
export function rssFeed(spec: RssSpec): string {
  const url = (path: string) => `${spec.siteUrl}${path}`;
  const newest = spec.items.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), '');
  const feed = new Feed({
    id: url(spec.path),
    title: feedText(spec.title),
    description: feedText(spec.description),
    link: url(spec.path),
    language: 'en-GB',
    updated: newest ? new Date(newest) : undefined,
    generator: 'Broadsheet',
    copyright: feedText(`© ${spec.siteName}`),
    feedLinks: { rss: url(spec.feedPath) },
  });
  for (const a of spec.items) {
    const link = url(a.path);
    feed.addItem({
      title: feedText(a.headline),
      // No id: `feed` then writes the link as a permalink guid.
      link,
      description: a.standfirst ? feedText(a.standfirst) : undefined,
      date: new Date(a.updatedAt),
      published: new Date(a.publishedAt ?? a.updatedAt),
      category: [{ name: feedText(a.section.name), domain: url(`/${a.section.slug}`) }],
      image: absoluteRenderableUrl(spec.siteUrl, a.imageUrl),
    });
  }
  return feed.rss2();
}
