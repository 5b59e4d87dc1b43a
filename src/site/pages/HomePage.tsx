import type { FC } from 'hono/jsx';
import type { MostReadItem } from '../../analytics/most-read.js';
import type { ArticleSummary } from '../../content/article-store.js';
import type { PrintIssue, Section } from '../../content/taxonomy.js';
import { ArticleCard } from '../../reader-ui/ArticleCard.js';
import { MostRead } from '../components/MostRead.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { FrontHead } from './FrontHead.js';
import { LEAD_SIZES, RAIL_SIZES } from './front-sizes.js';
import { IssueTeaser } from './IssueTeaser.js';
import { NewsletterPromo } from './NewsletterPromo.js';
import { OpinionRail } from './OpinionRail.js';

export interface Rail {
  section: Section;
  articles: ArticleSummary[];
}

export interface HomeData {
  lead: ArticleSummary | undefined;
  /** The top slots after the lead, in the order editors set (pinned) or newest first. */
  top: ArticleSummary[];
  /** The news sections' rails, in the sections' order. */
  rails: Rail[];
  /** The opinion section's rail (../opinion.ts), drawn with its writers' photos. */
  opinion?: Rail;
  latestIssue?: PrintIssue;
  /** What readers read most in the last 24 hours (src/analytics/most-read.ts). */
  mostRead?: MostReadItem[];
}

/**
 * The home page, in order of importance: the lead story large, the other top slots beside it,
 * a rail per section, the opinion rail, then the latest print issue and the newsletters.
 */
export const HomePage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: HomeData }> = ({ chrome, siteUrl, timeZone, data }) => (
  <Layout
    chrome={chrome}
    title={chrome.siteName}
    description={`${chrome.siteName}: independent journalism.`}
    head={
      <FrontHead
        siteUrl={siteUrl}
        siteName={chrome.siteName}
        path="/"
        title={chrome.siteName}
        description={`${chrome.siteName}: independent journalism.`}
        feed={{ title: chrome.siteName, path: '/feed' }}
      />
    }
  >
    <h1 class="visually-hidden">{chrome.siteName}</h1>
    {data.lead && (
      <div class="front-top">
        <section class="lead" aria-label="Lead story">
          <ArticleCard article={data.lead} timeZone={timeZone} headingLevel={2} size="lead" sizes={LEAD_SIZES} />
        </section>
        {data.top.length > 0 && (
          <section class="top-stories" aria-labelledby="top-stories">
            <h2 id="top-stories">Top stories</h2>
            {data.top.map((a) => (
              <ArticleCard article={a} timeZone={timeZone} size="compact" />
            ))}
          </section>
        )}
      </div>
    )}
    <div class="front-rails">
      {data.rails
        .filter((rail) => rail.articles.length > 0)
        .map((rail) => (
          <section class="rail" aria-labelledby={`rail-${rail.section.slug}`}>
            <h2 id={`rail-${rail.section.slug}`}>
              <a href={`/${rail.section.slug}`}>{rail.section.name}</a>
            </h2>
            {rail.articles.map((a, i) => (
              <ArticleCard article={a} timeZone={timeZone} kicker={false} {...(i === 0 ? { size: 'lead', priority: false, sizes: RAIL_SIZES } : { size: 'compact' })} />
            ))}
          </section>
        ))}
    </div>
    {data.opinion && data.opinion.articles.length > 0 && <OpinionRail section={data.opinion.section} articles={data.opinion.articles} pictures={chrome.pictures} />}
    <div class="front-extras">
      <MostRead items={data.mostRead ?? []} />
      {data.latestIssue && (
        <section class="latest-issue" aria-labelledby="latest-issue">
          <h2 id="latest-issue">The latest issue</h2>
          <IssueTeaser issue={data.latestIssue} pictures={chrome.pictures} />
          <p>
            <a href="/archive">Browse the archive</a>
          </p>
        </section>
      )}
      <NewsletterPromo siteName={chrome.siteName} />
    </div>
  </Layout>
);
