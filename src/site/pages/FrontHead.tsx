import type { FC } from 'hono/jsx';
import { PaginationHead, pageHref, type PageLinks } from './Pagination.js';

export interface FrontHeadProps {
  siteUrl: string;
  siteName: string;
  /** The page's path; a paginated list gives `pages` instead and the path follows the page number. */
  path: string;
  title: string;
  description?: string;
  pages?: PageLinks;
  /** The page's RSS feed, announced for feed readers. */
  feed?: { title: string; path: string };
}

/** <head> tags of a front, list or archive page: canonical URL, Open Graph, Twitter, rel prev/next, RSS. */
export const FrontHead: FC<FrontHeadProps> = ({ siteUrl, siteName, path, title, description, pages, feed }) => {
  const url = `${siteUrl}${pages ? pageHref(pages.base, pages.page) : path}`;
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={siteName} />
      <meta property="og:title" content={title} />
      <meta property="og:url" content={url} />
      {description && <meta property="og:description" content={description} />}
      <meta name="twitter:card" content="summary" />
      {pages && <PaginationHead {...pages} />}
      {feed && <link rel="alternate" type="application/rss+xml" title={feed.title} href={feed.path} />}
    </>
  );
};
