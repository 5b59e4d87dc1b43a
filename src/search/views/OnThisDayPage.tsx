import type { FC } from 'hono/jsx';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { formatDate, joinNames } from '../../reader-ui/format.js';
import { nextDay } from '../days.js';
import type { OnThisDay } from '../on-this-day.js';

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number) => String(n).padStart(2, '0');
/** /on-this-day/MM-DD of a day; leap year 2000 so that 29 February has neighbours. */
const dayHref = ([, m, d]: [number, number, number]) => `/on-this-day/${pad(m)}-${pad(d)}`;

export const OnThisDayPage: FC<{ chrome: SiteChrome; timeZone: string; data: OnThisDay }> = ({ chrome, timeZone, data }) => {
  const label = `${data.day} ${monthNames[data.month - 1]}`;
  const previous = new Date(Date.UTC(2000, data.month - 1, data.day - 1));
  return (
    <Layout chrome={chrome} title={`On this day, ${label} | ${chrome.siteName}`} description={`What we published on ${label} in years gone by.`}>
      <header class="front-header">
        <h1>On this day: {label}</h1>
        <p>What we published on {label} in years gone by.</p>
      </header>
      {data.years.length === 0 && (
        <p>
          We published nothing on {label} in earlier years. Try the <a href="/archive">archive</a> or <a href="/search">search</a>.
        </p>
      )}
      {data.years.map(({ year, articles }) => (
        <section class="on-this-day-year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          <ul>
            {articles.map((a) => (
              <li>
                <p class="kicker">{a.section.name}</p>
                <h3>
                  <a href={a.path}>{a.headline}</a>
                </h3>
                {a.standfirst && <p class="standfirst">{a.standfirst}</p>}
                <p class="meta">
                  {a.authors.length > 0 && <span>By {joinNames(a.authors)} · </span>}
                  <time datetime={a.publishedAt}>{formatDate(a.publishedAt, timeZone)}</time>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <nav class="pagination" aria-label="Days">
        <a rel="prev" href={dayHref([2000, previous.getUTCMonth() + 1, previous.getUTCDate()])}>
          The day before
        </a>
        <a rel="next" href={dayHref(nextDay(2000, data.month, data.day))}>
          The day after
        </a>
      </nav>
    </Layout>
  );
};
