import type { FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../reader-ui/Layout.js';

export interface GiftPageProps {
  chrome: SiteChrome;
  article: { id: number; headline: string; path: string };
  /** The member's form token; absent when the reader is not a signed-in member. */
  csrfToken?: string;
  signedIn: boolean;
  left?: number;
  /** The link made, absolute. */
  link?: string;
  problem?: string;
}

/**
 * /gift/new: a member gives an article with a link anyone can open. A page of its own, so the
 * article page stays one cached form for every reader.
 */
export const GiftPage: FC<GiftPageProps> = ({ chrome, article, csrfToken, signedIn, left, link, problem }) => (
  <Layout chrome={chrome} title={`Share as a gift | ${chrome.siteName}`}>
    <section class="gift-page">
      <h1>Share as a gift</h1>
      <p>
        Give <a href={article.path}>{article.headline}</a> to anyone: the link opens the whole article, this month and next, whether or not they subscribe.
      </p>
      {problem && (
        <p class="gift-problem" role="alert">
          {problem}
        </p>
      )}
      {link ? (
        <>
          <label class="gift-link-label" for="gift-link">
            Your gift link (copy it into a message)
          </label>
          <input class="gift-link" id="gift-link" type="url" readonly value={link} />
          <p>{left === 1 ? 'You can give 1 more article this month.' : `You can give ${left} more articles this month.`}</p>
        </>
      ) : csrfToken ? (
        <form method="post" action="/gift/new" class="gift-form">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="article" value={String(article.id)} />
          <p>{left === 1 ? 'You have 1 gift left this month.' : `You have ${left} gifts left this month.`}</p>
          <button type="submit">Make a gift link</button>
        </form>
      ) : (
        <p>
          Gift links are for members.{' '}
          {signedIn ? (
            <a href="/support">Become a member</a>
          ) : (
            <>
              <a href={`/account/sign-in?next=${encodeURIComponent(`/gift/new?article=${article.id}`)}`}>Sign in</a> with the address of your membership, or{' '}
              <a href="/support">become a member</a>.
            </>
          )}
        </p>
      )}
    </section>
  </Layout>
);
