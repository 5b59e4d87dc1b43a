import type { Child, FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { FrontHead } from './FrontHead.js';
import { Pagination } from './Pagination.js';

export interface ListingFrameProps {
  chrome: SiteChrome;
  siteUrl: string;
  /** The section's, topic's or author's name: the page title and the feed's. */
  name: string;
  /** The listing's path; its feed is at `${base}/feed`. */
  base: string;
  page: number;
  hasNext: boolean;
  description: string;
  children?: Child;
}

/**
 * The frame every paginated list of articles shares (section, topic, author): a title
 * that names the page number, canonical and prev/next links, the list's feed, and the
 * pagination after the list.
 */
export const ListingFrame: FC<ListingFrameProps> = ({ chrome, siteUrl, name, base, page, hasNext, description, children }) => {
  const links = { base, page, hasNext };
  const title = `${name}${page > 1 ? ` (page ${page})` : ''} | ${chrome.siteName}`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      head={
        <FrontHead
          siteUrl={siteUrl}
          siteName={chrome.siteName}
          path={base}
          title={title}
          description={description}
          pages={links}
          feed={{ title: `${name} | ${chrome.siteName}`, path: `${base}/feed` }}
        />
      }
    >
      {children}
      <Pagination {...links} />
    </Layout>
  );
};
