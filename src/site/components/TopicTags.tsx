import type { FC } from 'hono/jsx';
import { shownTopics, type ArticleTopic } from '../../content/article-store.js';

/** The article's reviewed topics, each linking to its topic page. Suggestions and proposed topics awaiting review stay hidden. */
export const TopicTags: FC<{ topics: ArticleTopic[] }> = ({ topics }) => {
  const shown = shownTopics(topics);
  if (!shown.length) return null;
  return (
    <footer class="topics">
      <h2>Topics in this article</h2>
      <ul>
        {shown.map((t) => (
          <li>
            <a href={`/topic/${t.slug}`}>{t.name}</a>
          </li>
        ))}
      </ul>
    </footer>
  );
};
