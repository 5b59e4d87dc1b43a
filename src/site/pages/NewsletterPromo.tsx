import type { FC } from 'hono/jsx';

/** A front's pointer to the newsletters page, where a reader picks which to receive. */
export const NewsletterPromo: FC<{ siteName: string }> = ({ siteName }) => (
  <section class="newsletter-promo" aria-labelledby="newsletter-promo">
    <h2 id="newsletter-promo">Newsletters</h2>
    <p>The best of {siteName} in your inbox: morning briefings, weekend reads and dispatches from our correspondents, free.</p>
    <a class="promo-link" href="/newsletters">
      Choose your newsletters
    </a>
  </section>
);
