import type { FC } from 'hono/jsx';
import type { ArticleSummary } from '../../content/article-store.js';

/**
 * "Content from our partners": sponsored pieces placed inside an article's body. Each is
 * labelled as paid for, and its link is rel="sponsored" so search engines discount it.
 */
export const PartnerSlot: FC<{ pieces: ArticleSummary[] }> = ({ pieces }) => {
  if (!pieces.length) return null;
  return (
    <section class="partner-slot" aria-labelledby="partner-slot-title">
      <h2 id="partner-slot-title">Content from our partners</h2>
      <ul>
        {pieces.map((piece) => (
          <li>
            <p class="paid-label">Paid for by {piece.sponsor}</p>
            <a href={piece.path} rel="sponsored">
              {piece.headline}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
};
