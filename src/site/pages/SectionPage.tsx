import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import { Layout, type SiteChrome } from '../components/Layout.js';

export interface SectionData {
  section: Section;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

export const SectionPage: FC<{ chrome: SiteChrome; timeZone: string; data: SectionData }> = ({ chrome, timeZone, data }) => {
  const base = `/${data.section.slug}`;
  return (
    <Layout chrome={chrome} title={`${data.section.name} | ${chrome.siteName}`} description={data.section.description}>
      <header class="front-header">
        <h1>{data.section.name}</h1>
        {data.section.description && <p>{data.section.description}</p>}
      </header>
      {data.articles.map((a) => (
        <ArticleCard article={a} timeZone={timeZone} headingLevel={2} />
      ))}
      <nav class="pagination" aria-label="Pages">
        {data.page > 1 && (
          <a rel="prev" href={data.page === 2 ? base : `${base}?page=${data.page - 1}`}>
            Newer
          </a>
        )}
        {data.hasNext && (
          <a rel="next" href={`${base}?page=${data.page + 1}`}>
            Older
          </a>
        )}
      </nav>
    </Layout>
  );
};
