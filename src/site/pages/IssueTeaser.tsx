import type { FC } from 'hono/jsx';
import type { PrintIssue } from '../../content/taxonomy.js';
import { formatDate } from '../../reader-ui/format.js';
import { renderableUrl } from '../../content/urls.js';

/** A print issue's cover date: a calendar day, so no time zone shifts it. */
export const issueDate = (issue: PrintIssue) => formatDate(`${issue.issue_date}T12:00:00Z`, 'UTC');

export const issueLabel = (issue: PrintIssue) => `Issue ${issue.number}${issue.title ? `: ${issue.title}` : ''}`;

/** A cover's drawn shape, a magazine page's 3:4; the stylesheet crops a cover of another shape to it. */
export const COVER_BOX = { width: 300, height: 400 } as const;

/** A print issue in a list: cover, number and title, date, linking to /issue/N. */
export const IssueTeaser: FC<{ issue: PrintIssue; headingLevel?: 2 | 3 }> = ({ issue, headingLevel = 3 }) => {
  const Heading = `h${headingLevel}` as 'h3';
  const cover = renderableUrl(issue.cover_url);
  return (
    <article class="issue-teaser">
      {cover && <img class="issue-cover" src={cover} alt={`Cover of issue ${issue.number}`} width={COVER_BOX.width} height={COVER_BOX.height} loading="lazy" decoding="async" />}
      <Heading>
        <a href={`/issue/${issue.number}`}>{issueLabel(issue)}</a>
      </Heading>
      <p class="meta">
        <time datetime={issue.issue_date}>{issueDate(issue)}</time>
      </p>
    </article>
  );
};
