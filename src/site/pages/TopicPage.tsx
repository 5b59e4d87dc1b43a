import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Topic } from '../../content/taxonomy.js';
import { ArticleCard, firstPictured } from '../../reader-ui/ArticleCard.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { ListingFrame } from './ListingFrame.js';

export interface TopicData {
  topic: Topic;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** Every published article tagged with one topic, newest first. */
export const TopicPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: TopicData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const largest = firstPictured(data.articles);
  return (
    <ListingFrame
      chrome={chrome}
      siteUrl={siteUrl}
      name={data.topic.name}
      base={`/topic/${data.topic.slug}`}
      page={data.page}
      hasNext={data.hasNext}
      description={`Articles about ${data.topic.name} from ${chrome.siteName}.`}
    >
      <header class="front-header">
        <p class="kicker">Topic</p>
        <h1>{data.topic.name}</h1>
      </header>
      {data.articles.length === 0 && <p>Nothing has been published on this topic yet.</p>}
      {data.articles.map((a, i) => (
        <ArticleCard article={a} timeZone={timeZone} headingLevel={2} priority={i === largest} />
      ))}
    </ListingFrame>
  );
};
