import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import { formatDate, joinNames } from '../../reader-ui/format.js';

/** A teaser in a list: kicker, linked headline, standfirst, byline and date. */
export const ArticleCard: FC<{ article: ArticleSummary; timeZone: string; headingLevel?: 2 | 3 }> = ({ article, timeZone, headingLevel = 3 }) => {
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <article class="card">
      <p class="kicker">{article.sponsor ? `Partner content · ${article.sponsor}` : article.section.name}</p>
      <Heading>
        <a href={article.path}>{article.headline}</a>
      </Heading>
      {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
      <p class="meta">
        {article.authors.length > 0 && <span>By {joinNames(article.authors.map((a) => a.name))} · </span>}
        {article.publishedAt && <time datetime={article.publishedAt}>{formatDate(article.publishedAt, timeZone)}</time>}
      </p>
    </article>
  );
};
