import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { ArticleCard } from '../components/ArticleCard.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { ListingFrame } from './ListingFrame.js';

export interface SectionData {
  section: Section;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

export const SectionPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: SectionData }> = ({ chrome, siteUrl, timeZone, data }) => (
  <ListingFrame
    chrome={chrome}
    siteUrl={siteUrl}
    name={data.section.name}
    base={`/${data.section.slug}`}
    page={data.page}
    hasNext={data.hasNext}
    description={data.section.description}
  >
    <header class="front-header">
      <h1>{data.section.name}</h1>
      {data.section.description && <p>{data.section.description}</p>}
    </header>
    {data.articles.map((a) => (
      <ArticleCard article={a} timeZone={timeZone} headingLevel={2} />
    ))}
  </ListingFrame>
);
