import type { FC } from 'hono/jsx';
import type { Page } from '../../pages/page-service.js';
import { formatDate } from '../../reader-ui/format.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { BodyBlock } from '../components/BodyBlocks.js';
import { FrontHead } from './FrontHead.js';

/** A standing page (About, Masthead, Contact, Privacy, Terms): title, standfirst, body and when it last changed. */
export const StandingPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; page: Page }> = ({ chrome, siteUrl, timeZone, page }) => {
  const title = `${page.title} | ${chrome.siteName}`;
  const description = page.standfirst || undefined;
  return (
    <Layout chrome={chrome} title={title} description={description} head={<FrontHead siteUrl={siteUrl} siteName={chrome.siteName} path={page.path} title={page.title} description={description} />}>
      <article class="standing-page">
        <header class="standing-page-head">
          <h1>{page.title}</h1>
          {page.standfirst && <p class="standfirst">{page.standfirst}</p>}
        </header>
        <div class="standing-page-body">
          {page.body.map((block) => (
            <BodyBlock block={block} />
          ))}
        </div>
        <p class="standing-page-updated">
          Last updated <time datetime={page.updatedAt}>{formatDate(page.updatedAt, timeZone)}</time>
        </p>
      </article>
    </Layout>
  );
};
