import type { FC } from 'hono/jsx';
import type { PrintIssue } from '../../content/taxonomy.js';
import { formatDate } from '../../reader-ui/format.js';
import type { UploadedPictures } from '../../reader-ui/uploaded-pictures.js';
import { StoredPicture, type PictureLoading } from '../components/StoredPicture.js';

/** A print issue's cover date: a calendar day, so no time zone shifts it. */
export const issueDate = (issue: PrintIssue) => formatDate(`${issue.issue_date}T12:00:00Z`, 'UTC');

export const issueLabel = (issue: PrintIssue) => `Issue ${issue.number}${issue.title ? `: ${issue.title}` : ''}`;

/** A cover's drawn shape, a magazine page's 3:4; the stylesheet crops a cover of another shape to it. */
export const COVER_BOX = { width: 300, height: 400 } as const;

/** A print issue in a list: cover, number and title, date, linking to /issue/N. */
export const IssueTeaser: FC<{ issue: PrintIssue; headingLevel?: 2 | 3; pictures?: UploadedPictures; loading?: PictureLoading }> = ({ issue, headingLevel = 3, pictures, loading }) => {
  const Heading = `h${headingLevel}` as 'h3';
  return (
    <article class="issue-teaser">
      <StoredPicture url={issue.cover_url} alt={`Cover of issue ${issue.number}`} pictures={pictures} imgClass="issue-cover" box={COVER_BOX} sizes="9rem" loading={loading} />
      <Heading>
        <a href={`/issue/${issue.number}`}>{issueLabel(issue)}</a>
      </Heading>
      <p class="meta">
        <time datetime={issue.issue_date}>{issueDate(issue)}</time>
      </p>
    </article>
  );
};
