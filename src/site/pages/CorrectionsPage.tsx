import type { FC } from 'hono/jsx';
import type { PublishedCorrection } from '../../content/corrections.js';
import { formatDate } from '../../reader-ui/format.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { absoluteUrl } from '../structured-data.js';
import { Pagination, PaginationHead, pageHref } from './Pagination.js';

const BASE = '/corrections';

/** A note's day is already the site's day: read it at noon UTC so no zone moves it. */
const noteDate = (day: string) => formatDate(`${day}T12:00:00Z`, 'UTC');

/** Every correction and update on a published article, newest first, each linked to its article. */
export const CorrectionsPage: FC<{ chrome: SiteChrome; siteUrl: string; corrections: PublishedCorrection[]; page: number; hasNext: boolean }> = ({
  chrome,
  siteUrl,
  corrections,
  page,
  hasNext,
}) => {
  const title = `Corrections and updates${page > 1 ? ` (page ${page})` : ''} | ${chrome.siteName}`;
  const description = `Every correction and update ${chrome.siteName} has made to its journalism, newest first.`;
  return (
    <Layout
      chrome={chrome}
      title={title}
      description={description}
      head={
        <>
          <link rel="canonical" href={absoluteUrl(siteUrl, pageHref(BASE, page))} />
          <PaginationHead base={BASE} page={page} hasNext={hasNext} />
        </>
      }
    >
      <header class="listing-header">
        <h1>Corrections and updates</h1>
        <p class="standfirst">When we get something wrong we correct it, and when a story moves on we say so. Each note below also appears at the end of its article.</p>
      </header>
      {corrections.length === 0 ? (
        <p>No corrections or updates yet.</p>
      ) : (
        <ol class="corrections">
          {corrections.map((c) => (
            <li class={`note note-${c.kind}`}>
              <p>
                <strong>
                  {c.kind === 'correction' ? 'Correction' : 'Update'}, <time datetime={c.date}>{noteDate(c.date)}</time>:
                </strong>{' '}
                {c.text}
              </p>
              <p>
                On <a href={c.article.path}>{c.article.headline}</a>
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination base={BASE} page={page} hasNext={hasNext} />
    </Layout>
  );
};
