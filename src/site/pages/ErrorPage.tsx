import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { SectionLinks } from '../../reader-ui/SectionLinks.js';

const copy: Record<number, { title: string; text: string }> = {
  404: { title: 'Page not found', text: 'We could not find that page. It may have moved, or the address may be mistyped.' },
  500: { title: 'Something went wrong', text: 'Our fault, not yours. Please try again in a moment.' },
};

export interface ErrorPageProps {
  chrome: SiteChrome;
  status: number;
  message?: string;
  /** The latest stories, offered as a way on; empty when they cannot be loaded. */
  latest?: ArticleSummary[];
}

/** Error pages that help the reader on (search, sections, latest stories) rather than leave them stranded. */
export const ErrorPage: FC<ErrorPageProps> = ({ chrome, status, message, latest = [] }) => {
  const { title, text } = copy[status] ?? { title: 'That did not work', text: message ?? 'The request could not be completed.' };
  return (
    <Layout chrome={chrome} title={`${title} | ${chrome.siteName}`}>
      <section class="error-page">
        <h1>{title}</h1>
        <p>{status in copy ? text : (message ?? text)}</p>
        <form action="/search" method="get" role="search">
          <label for="error-search">Search the site</label>
          <input id="error-search" type="search" name="q" />
          <button type="submit">Search</button>
        </form>
        <p>
          Or go to the <a href="/">front page</a>, or browse <a href="/archive">the archive</a>.
        </p>
        {chrome.sections.length > 0 && (
          <nav aria-labelledby="error-sections">
            <h2 id="error-sections">Sections</h2>
            <SectionLinks sections={chrome.sections} />
          </nav>
        )}
        {latest.length > 0 && (
          <section aria-labelledby="error-latest">
            <h2 id="error-latest">Latest</h2>
            <ul>
              {latest.map((a) => (
                <li>
                  <a href={a.path}>{a.headline}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </section>
    </Layout>
  );
};
