import { Feed } from 'feed';
import type { ArticleSummary } from '../../content/article-store.js';

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
 * An RSS 2.0 document for a list of articles, built with `feed`, which escapes
 * every text it writes. Links are absolute, as feed readers need. Items carry no
 * <author>: RSS 2.0 requires an email address there, and bylines have none.
 *
 * @example rssFeed({ siteUrl, siteName, title: 'World', description: '', path: '/world', feedPath: '/world/feed', items })
 */
export function rssFeed(spec: RssSpec): string {
  const url = (path: string) => `${spec.siteUrl}${path}`;
  const newest = spec.items.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), '');
  const feed = new Feed({
    id: url(spec.path),
    title: spec.title,
    description: spec.description,
    link: url(spec.path),
    language: 'en-GB',
    updated: newest ? new Date(newest) : undefined,
    generator: 'Broadsheet',
    copyright: `© ${spec.siteName}`,
    feedLinks: { rss: url(spec.feedPath) },
  });
  for (const a of spec.items) {
    const link = url(a.path);
    feed.addItem({
      title: a.headline,
      // No id: `feed` then writes the link as a permalink guid.
      link,
      description: a.standfirst || undefined,
      date: new Date(a.updatedAt),
      published: new Date(a.publishedAt ?? a.updatedAt),
      category: [{ name: a.section.name, domain: url(`/${a.section.slug}`) }],
      image: a.imageUrl ?? undefined,
    });
  }
  return feed.rss2();
}
