import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import { ArticleCard } from '../../reader-ui/ArticleCard.js';

/** Articles sharing topics with the one being read. */
export const RelatedArticles: FC<{ articles: ArticleSummary[]; timeZone: string }> = ({ articles, timeZone }) => {
  if (!articles.length) return null;
  return (
    <section class="related" aria-labelledby="related-title">
      <h2 id="related-title">Related articles</h2>
      {articles.map((a) => (
        <ArticleCard article={a} timeZone={timeZone} headingLevel={3} />
      ))}
    </section>
  );
};
