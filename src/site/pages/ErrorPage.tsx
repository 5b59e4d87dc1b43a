import type { FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../components/Layout.js';

const copy: Record<number, { title: string; text: string }> = {
  404: { title: 'Page not found', text: 'We could not find that page. It may have moved, or the address may be mistyped.' },
  500: { title: 'Something went wrong', text: 'Our fault, not yours. Please try again in a moment.' },
};

/** Error pages that help the reader on rather than leave them stranded. */
export const ErrorPage: FC<{ chrome: SiteChrome; status: number; message?: string }> = ({ chrome, status, message }) => {
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
          Or go to the <a href="/">front page</a>.
        </p>
      </section>
    </Layout>
  );
};
