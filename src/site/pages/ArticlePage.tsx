import type { FC } from 'hono/jsx';
import type { Article } from '../../content/article-store.js';
import { BodyBlock } from '../components/BodyBlocks.js';
import { Layout, type SiteChrome } from '../components/Layout.js';
import { formatDate, formatDateTime } from '../format.js';

/** An update counts once the article was saved more than an hour after it went live. */
const UPDATE_THRESHOLD_MS = 60 * 60 * 1000;

export const ArticlePage: FC<{ chrome: SiteChrome; timeZone: string; article: Article }> = ({ chrome, timeZone, article }) => {
  const published = article.publishedAt ?? article.updatedAt;
  const updated = Date.parse(article.updatedAt) - Date.parse(published) > UPDATE_THRESHOLD_MS;
  return (
    <Layout
      chrome={chrome}
      title={`${article.seoTitle ?? article.headline} | ${chrome.siteName}`}
      description={article.seoDescription ?? article.standfirst}
    >
      <article class="article">
        <header>
          <p class="kicker">
            <a href={`/${article.section.slug}`}>{article.section.name}</a>
          </p>
          <p class="dateline">
            <time datetime={published}>{formatDate(published, timeZone)}</time>
            {updated && (
              <>
                {' · Updated '}
                <time datetime={article.updatedAt}>{formatDateTime(article.updatedAt, timeZone)}</time>
              </>
            )}
          </p>
          <h1>{article.headline}</h1>
          {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          {article.sponsor && <p class="sponsor-label">Paid for by {article.sponsor}</p>}
          {article.authors.length > 0 && (
            <p class="byline" aria-label="Byline">
              {'By '}
              {article.authors.map((a, i) => (
                <>
                  {i > 0 && (i === article.authors.length - 1 ? ' and ' : ', ')}
                  <a href={`/author/${a.slug}`} rel="author">
                    {a.name}
                  </a>
                </>
              ))}
            </p>
          )}
        </header>
        <div class="article-body">
          {article.body.map((block) => (
            <BodyBlock block={block} />
          ))}
        </div>
        {article.topics.some((t) => !t.suggested) && (
          <footer class="topics">
            <h2>Topics in this article</h2>
            <ul>
              {article.topics
                .filter((t) => !t.suggested)
                .map((t) => (
                  <li>
                    <a href={`/topic/${t.slug}`}>{t.name}</a>
                  </li>
                ))}
            </ul>
          </footer>
        )}
      </article>
    </Layout>
  );
};
