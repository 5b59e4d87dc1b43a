import type { FC } from 'hono/jsx';
import type { ArticleTopic } from '../../content/article-store.js';

/** The article's reviewed topics, each linking to its topic page. Suggestions awaiting review stay hidden. */
export const TopicTags: FC<{ topics: ArticleTopic[] }> = ({ topics }) => {
  const shown = topics.filter((t) => !t.suggested);
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
