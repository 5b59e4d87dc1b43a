import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import { Layout, type SiteChrome } from '../components/Layout.js';

export interface HomeData {
  lead: ArticleSummary | undefined;
  rails: Array<{ section: Section; articles: ArticleSummary[] }>;
}

export const HomePage: FC<{ chrome: SiteChrome; timeZone: string; data: HomeData }> = ({ chrome, timeZone, data }) => (
  <Layout chrome={chrome} title={chrome.siteName} description={`${chrome.siteName}: independent journalism.`}>
    <h1 class="visually-hidden">{chrome.siteName}</h1>
    {data.lead && (
      <section class="lead" aria-label="Lead story">
        <ArticleCard article={data.lead} timeZone={timeZone} headingLevel={2} />
      </section>
    )}
    {data.rails
      .filter((rail) => rail.articles.length > 0)
      .map((rail) => (
        <section class="rail" aria-labelledby={`rail-${rail.section.slug}`}>
          <h2 id={`rail-${rail.section.slug}`}>
            <a href={`/${rail.section.slug}`}>{rail.section.name}</a>
          </h2>
          {rail.articles.map((a) => (
            <ArticleCard article={a} timeZone={timeZone} />
          ))}
        </section>
      ))}
  </Layout>
);
