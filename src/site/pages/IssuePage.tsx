import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import type { PrintIssue } from '../../content/taxonomy.js';
import { ArticleCard } from '../../reader-ui/ArticleCard.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { FrontHead } from './FrontHead.js';
import { COVER_BOX, issueDate, issueLabel } from './IssueTeaser.js';
import { StoredPicture } from '../components/StoredPicture.js';

export interface IssueData {
  issue: PrintIssue;
  /** The issue's articles; each card's kicker names its section. */
  articles: ArticleSummary[];
  previous?: PrintIssue;
  next?: PrintIssue;
}

/** A print issue: its cover and its contents. */
export const IssuePage: FC<{ chrome: SiteChrome; siteUrl: string; timeZone: string; data: IssueData }> = ({ chrome, siteUrl, timeZone, data }) => {
  const { issue } = data;
  const year = issue.issue_date.slice(0, 4);
  const title = `${issueLabel(issue)} | ${chrome.siteName}`;
  const description = `The contents of ${chrome.siteName} issue ${issue.number}, ${issueDate(issue)}.`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      head={<FrontHead siteUrl={siteUrl} siteName={chrome.siteName} path={`/issue/${issue.number}`} title={title} description={description} />}
    >
      <header class="front-header issue-header">
        <p class="kicker">
          <a href={`/archive/${year}`}>Print issues of {year}</a>
        </p>
        <h1>{issueLabel(issue)}</h1>
        <p class="meta">
          <time datetime={issue.issue_date}>{issueDate(issue)}</time>
        </p>
        <StoredPicture url={issue.cover_url} alt={`Cover of issue ${issue.number}`} pictures={chrome.pictures} imgClass="issue-cover" box={COVER_BOX} sizes="15rem" loading="priority" />
      </header>
      <section class="issue-contents" aria-labelledby="contents">
        <h2 id="contents">Contents</h2>
        {data.articles.length === 0 && <p>The contents of this issue have not been published online yet.</p>}
        {data.articles.map((a) => (
          <ArticleCard article={a} timeZone={timeZone} />
        ))}
      </section>
      {(data.previous || data.next) && (
        <nav class="pagination" aria-label="Other issues">
          {data.previous && (
            <a rel="prev" href={`/issue/${data.previous.number}`}>
              Previous issue: {issueLabel(data.previous)}
            </a>
          )}
          {data.next && (
            <a rel="next" href={`/issue/${data.next.number}`}>
              Next issue: {issueLabel(data.next)}
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
};
