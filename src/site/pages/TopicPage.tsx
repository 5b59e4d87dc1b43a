import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Topic } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import { Layout, type SiteChrome } from '../components/Layout.js';
import { FrontHead } from './FrontHead.js';
import { Pagination } from './Pagination.js';

export interface TopicData {
  topic: Topic;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** Every published article tagged with one topic, newest first. */
export const TopicPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: TopicData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const links = { base: `/topic/${data.topic.slug}`, page: data.page, hasNext: data.hasNext };
  const title = `${data.topic.name}${data.page > 1 ? ` (page ${data.page})` : ''} | ${chrome.siteName}`;
  const description = `Articles about ${data.topic.name} from ${chrome.siteName}.`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      head={
        <FrontHead
          siteUrl={siteUrl}
          siteName={chrome.siteName}
          path={links.base}
          title={title}
          description={description}
          pages={links}
          feed={{ title: `${data.topic.name} | ${chrome.siteName}`, path: `${links.base}/feed` }}
        />
      }
    >
      <header class="front-header">
        <p class="kicker">Topic</p>
        <h1>{data.topic.name}</h1>
      </header>
      {data.articles.length === 0 && <p>Nothing has been published on this topic yet.</p>}
      {data.articles.map((a) => (
        <ArticleCard article={a} timeZone={timeZone} headingLevel={2} />
      ))}
      <Pagination {...links} />
    </Layout>
  );
};
