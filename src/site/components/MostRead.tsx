import type { FC } from 'hono/jsx';
import type { MostReadItem } from '../../analytics/most-read.js';

/**
 * The "Most read" rail: the articles readers read most in the last 24 hours, numbered, as
 * headlines only (the rail sits beside pictures already). Nothing at all when nothing was read.
 */
export const MostRead: FC<{ items: MostReadItem[] }> = ({ items }) =>
  items.length === 0 ? null : (
    <section class="most-read" aria-labelledby="most-read">
      <h2 id="most-read">Most read</h2>
      <ol>
        {items.map((item) => (
          <li>
            <a href={item.path}>{item.headline}</a>
          </li>
        ))}
      </ol>
    </section>
  );
