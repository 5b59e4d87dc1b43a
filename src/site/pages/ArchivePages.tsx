import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { MonthCount, YearCount } from '../../content/archive.js';
import { zonedParts } from '../../content/dates.js';
import type { PrintIssue } from '../../content/taxonomy.js';
import { renderableUrl } from '../../content/urls.js';
import { ArticleCard, firstPictured } from '../../reader-ui/ArticleCard.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { formatDate } from '../../reader-ui/format.js';
import { IssueTeaser } from './IssueTeaser.js';
import { FrontHead } from './FrontHead.js';
import { Pagination } from './Pagination.js';

// Built once: constructing Intl formatters per call costs more than rendering the page.
const numbers = new Intl.NumberFormat('en-GB');
const months = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const count = (n: number) => `${numbers.format(n)} ${n === 1 ? 'article' : 'articles'}`;

/** "January 2022" for a URL month '2022/01'. */
export const monthName = (month: string) => months.format(new Date(`${month.replace('/', '-')}-15T12:00:00Z`));

const monthOnly = (month: string) => monthName(month).split(' ')[0];

function byDecade(years: YearCount[]) {
  const decades = new Map<string, YearCount[]>();
  for (const y of [...years].reverse()) {
    const decade = `${y.year.slice(0, 3)}0s`;
    decades.set(decade, [...(decades.get(decade) ?? []), y]);
  }
  return [...decades.entries()];
}

/** /archive: every year with published articles, newest decade first. */
export const ArchivePage: FC<{ chrome: SiteChrome; siteUrl: string; years: YearCount[]; latestIssue?: PrintIssue }> = ({ chrome, siteUrl, years, latestIssue }) => (
  <Layout
    chrome={chrome}
    title={`The archive | ${chrome.siteName}`}
    description={`Every article ${chrome.siteName} has published, by year and month.`}
    head={<FrontHead siteUrl={siteUrl} siteName={chrome.siteName} path="/archive" title={`The archive | ${chrome.siteName}`} />}
  >
    <header class="front-header">
      <h1>The archive</h1>
      <p>Every article we have published, by year and month, and every print issue.</p>
    </header>
    {years.length === 0 && <p>Nothing has been published yet.</p>}
    {byDecade(years).map(([decade, list]) => (
      <section class="archive-decade" aria-labelledby={`decade-${decade}`}>
        <h2 id={`decade-${decade}`}>The {decade}</h2>
        <ul class="archive-years">
          {list.map((y) => (
            <li>
              <a href={`/archive/${y.year}`}>{y.year}</a> <span class="count">{count(y.count)}</span>
            </li>
          ))}
        </ul>
      </section>
    ))}
    {latestIssue && (
      <section class="latest-issue" aria-labelledby="latest-issue">
        <h2 id="latest-issue">The latest print issue</h2>
        <IssueTeaser issue={latestIssue} />
      </section>
    )}
  </Layout>
);

export interface ArchiveYearData {
  year: string;
  months: MonthCount[];
  issues: PrintIssue[];
}

/** /archive/YYYY: the year's months with their counts, and its print issues. */
export const ArchiveYearPage: FC<{ chrome: SiteChrome; siteUrl: string; data: ArchiveYearData }> = ({ chrome, siteUrl, data }) => {
  const counts = new Map(data.months.map((m) => [m.month, m.count]));
  const yearMonths = Array.from({ length: 12 }, (_, i) => `${data.year}/${String(i + 1).padStart(2, '0')}`);
  // The year's only pictures are its covers: the first is the largest.
  const firstCover = data.issues.findIndex((issue) => renderableUrl(issue.cover_url));
  return (
    <Layout
      chrome={chrome}
      title={`${data.year} in the archive | ${chrome.siteName}`}
      description={`What ${chrome.siteName} published in ${data.year}.`}
      head={<FrontHead siteUrl={siteUrl} siteName={chrome.siteName} path={`/archive/${data.year}`} title={`${data.year} in the archive | ${chrome.siteName}`} />}
    >
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/archive">The archive</a>
      </nav>
      <header class="front-header">
        <h1>{data.year}</h1>
      </header>
      <section aria-labelledby="archive-months">
        <h2 id="archive-months">Articles by month</h2>
        <ul class="archive-months">
          {yearMonths.map((month) => {
            const n = counts.get(month) ?? 0;
            return (
              <li>
                {n > 0 ? <a href={`/archive/${month}`}>{monthOnly(month)}</a> : <span>{monthOnly(month)}</span>} <span class="count">{count(n)}</span>
              </li>
            );
          })}
        </ul>
      </section>
      {data.issues.length > 0 && (
        <section aria-labelledby="archive-issues">
          <h2 id="archive-issues">Print issues</h2>
          {data.issues.map((issue, i) => (
            <IssueTeaser issue={issue} pictures={chrome.pictures} loading={i === firstCover ? 'priority' : 'lazy'} />
          ))}
        </section>
      )}
    </Layout>
  );
};

export interface ArchiveMonthData {
  month: string;
  total: number;
  articles: ArticleSummary[];
  page: number;
  hasNext: boolean;
}

/** Consecutive articles grouped under the day they were published, in the publication's time zone. */
function byDay(articles: ArticleSummary[], timeZone: string) {
  const days: Array<{ day: string; iso: string; articles: ArticleSummary[] }> = [];
  for (const a of articles) {
    const at = a.publishedAt ?? a.updatedAt;
    const parts = zonedParts(at, timeZone);
    const iso = `${parts.year}-${parts.month}-${parts.day}`;
    const last = days[days.length - 1];
    if (last?.iso === iso) last.articles.push(a);
    else days.push({ day: formatDate(at, timeZone), iso, articles: [a] });
  }
  return days;
}

/** /archive/YYYY/MM: the month's articles in the order they appeared, paginated. */
export const ArchiveMonthPage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: ArchiveMonthData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const links = { base: `/archive/${data.month}`, page: data.page, hasNext: data.hasNext, prevLabel: 'Earlier', nextLabel: 'Later' };
  const year = data.month.slice(0, 4);
  const title = `${monthName(data.month)}${data.page > 1 ? ` (page ${data.page})` : ''} in the archive | ${chrome.siteName}`;
  const largest = data.articles[firstPictured(data.articles)];
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={`What ${chrome.siteName} published in ${monthName(data.month)}.`}
      head={<FrontHead siteUrl={siteUrl} siteName={chrome.siteName} path={links.base} title={title} pages={links} />}
    >
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a href="/archive">The archive</a> › <a href={`/archive/${year}`}>{year}</a>
      </nav>
      <header class="front-header">
        <h1>{monthName(data.month)}</h1>
        <p>{count(data.total)}</p>
      </header>
      {byDay(data.articles, timeZone).map((day) => (
        <section class="archive-day">
          <h2>
            <time datetime={day.iso}>{day.day}</time>
          </h2>
          {day.articles.map((a) => (
            <ArticleCard article={a} timeZone={timeZone} priority={a === largest} />
          ))}
        </section>
      ))}
      <Pagination {...links} />
    </Layout>
  );
};
