import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import { Layout, type SiteChrome } from '../components/Layout.js';
import { FrontHead } from './FrontHead.js';
import { Pagination } from './Pagination.js';

export interface SectionData {
  section: Section;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

export const SectionPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: SectionData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const links = { base: `/${data.section.slug}`, page: data.page, hasNext: data.hasNext };
  const title = `${data.section.name}${data.page > 1 ? ` (page ${data.page})` : ''} | ${chrome.siteName}`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={data.section.description}
      head={
        <FrontHead
          siteUrl={siteUrl}
          siteName={chrome.siteName}
          path={links.base}
          title={title}
          description={data.section.description}
          pages={links}
          feed={{ title: `${data.section.name} | ${chrome.siteName}`, path: `${links.base}/feed` }}
        />
      }
    >
      <header class="front-header">
        <h1>{data.section.name}</h1>
        {data.section.description && <p>{data.section.description}</p>}
      </header>
      {data.articles.map((a) => (
        <ArticleCard article={a} timeZone={timeZone} headingLevel={2} />
      ))}
      <Pagination {...links} />
    </Layout>
  );
};
