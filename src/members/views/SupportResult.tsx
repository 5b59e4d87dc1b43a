import type { FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';

/** /support/thanks and /support/cancelled: where Stripe's Checkout sends the reader back. */
export const SupportResultPage: FC<{ chrome: SiteChrome; outcome: 'thanks' | 'cancelled' }> = ({ chrome, outcome }) => (
  <Layout chrome={chrome} title={outcome === 'thanks' ? `Thank you for supporting ${chrome.siteName}` : 'Payment cancelled'}>
    <article class="support-page support-result">
      {outcome === 'thanks' ? (
        <>
          <h1>Thank you</h1>
          <p class="standfirst">Your support keeps {chrome.siteName} independent and free to read.</p>
          <p>A receipt is on its way to your email. Members can see their plan, and change or cancel it, from their account.</p>
          <p>
            <a href="/account">Your account</a> · <a href="/">Back to the front page</a>
          </p>
        </>
      ) : (
        <>
          <h1>Payment cancelled</h1>
          <p class="standfirst">Nothing was taken from your card.</p>
          <p>
            <a href="/support">Choose again</a> · <a href="/">Back to the front page</a>
          </p>
        </>
      )}
    </article>
  </Layout>
);
