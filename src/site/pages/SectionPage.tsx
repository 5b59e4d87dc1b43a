import type { FC } from 'hono/jsx';
import type { MostReadItem } from '../../analytics/most-read.js';
import type { ArticleSummary } from '../../content/article-store.js';
import type { Section } from '../../content/taxonomy.js';
import { TOP_SLOTS } from '../../fronts/slots.js';
import { ArticleCard, firstPictured } from '../../reader-ui/ArticleCard.js';
import { MostRead } from '../components/MostRead.js';
import type { SiteChrome } from '../../reader-ui/Layout.js';
import { SECTION_LEAD_SIZES } from './front-sizes.js';
import { ListingFrame } from './ListingFrame.js';
import { NewsletterPromo } from './NewsletterPromo.js';

export interface SectionData {
  section: Section;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
  /** The section's most-read articles of the last 24 hours, on its first page. */
  mostRead?: MostReadItem[];
}

/**
 * A section front. Its first page is the home page one level down: the lead (pinned or newest)
 * large, the rest of the top slots beside it, then the others as a list; later pages are the list.
 */
export const SectionPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: SectionData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const [lead, ...others] = data.page === 1 ? data.articles : [];
  const secondary = others.slice(0, TOP_SLOTS - 1);
  const rest = data.page === 1 ? others.slice(TOP_SLOTS - 1) : data.articles;
  // Later pages have no lead card: the list's first picture is the page's largest.
  const largest = lead ? -1 : firstPictured(rest);
  return (
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
      {lead && (
        <div class="front-top section-top">
          <div class="lead">
            <ArticleCard article={lead} timeZone={timeZone} headingLevel={2} size="lead" sizes={SECTION_LEAD_SIZES} kicker={false} />
          </div>
          {secondary.length > 0 && (
            <div class="top-stories">
              {secondary.map((a) => (
                <ArticleCard article={a} timeZone={timeZone} headingLevel={2} size="compact" kicker={false} />
              ))}
            </div>
          )}
        </div>
      )}
      {rest.length > 0 && (
        <div class="front-list">
          {rest.map((a, i) => (
            <ArticleCard article={a} timeZone={timeZone} headingLevel={2} kicker={false} priority={i === largest} />
          ))}
        </div>
      )}
      {/* The home page one level down: its newsletter promotion too, on the section's first page. */}
      {data.page === 1 && (
        <div class="front-extras">
          <MostRead items={data.mostRead ?? []} />
          <NewsletterPromo siteName={chrome.siteName} />
        </div>
      )}
    </ListingFrame>
  );
};
