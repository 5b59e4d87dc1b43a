import type { FC } from 'hono/jsx';
import type { Section } from '../../content/taxonomy.js';
import { Layout, type SiteChrome } from '../../reader-ui/Layout.js';
import { formatDate, joinNames } from '../../reader-ui/format.js';
import { formatQuery } from '../query.js';
import { PAGE_SIZE, type SearchFilters, type SearchHit, type SearchResults } from '../search-service.js';
import { CardPicture, firstPictured } from '../../reader-ui/ArticleCard.js';
import { hasMark, Marked } from './Marked.js';

/** The /search URL for the same search with some parameters changed (undefined removes one). */
export function searchHref(r: Pick<SearchResults, 'q' | 'filters' | 'sort'>, change: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { q: r.q, ...r.filters, sort: r.sort === 'date' ? 'date' : undefined, ...change };
  for (const [k, v] of Object.entries(all)) if (v !== undefined && v !== '') params.set(k, String(v));
  return `/search?${params.toString()}`;
}

const filterLabels: Record<keyof SearchFilters, string> = {
  section: 'Section',
  author: 'Author',
  topic: 'Topic',
  from: 'From',
  to: 'To',
  issue: 'Print issue',
};

const Hit: FC<{ hit: SearchHit; timeZone: string; priority: boolean }> = ({ hit, timeZone, priority }) => {
  const { marked } = hit;
  // Show the body excerpt where the words were found; else the standfirst, which may hold them.
  const excerpt = hasMark(marked.snippet) || !marked.standfirst ? marked.snippet : marked.standfirst;
  return (
    <li class="search-hit">
      <article class={`card card-standard${hit.leadImage ? ' has-picture' : ''}`}>
        {hit.leadImage && <CardPicture image={hit.leadImage} size="standard" priority={priority} />}
        <div class="card-text">
          <p class="kicker">{hit.sponsor ? `Partner content · ${hit.sponsor}` : hit.section.name}</p>
          <h2>
            <a href={hit.path}>
              <Marked text={marked.headline} />
            </a>
          </h2>
          <p class="snippet">
            <Marked text={excerpt} />
          </p>
          <p class="meta">
            {hit.authors.length > 0 && <span>By {joinNames(hit.authors)} · </span>}
            <time datetime={hit.publishedAt}>{formatDate(hit.publishedAt, timeZone)}</time>
          </p>
        </div>
      </article>
    </li>
  );
};

const Tips: FC = () => (
  <ul class="search-tips">
    <li>Put words in quotes to find an exact phrase: "carbon tax".</li>
    <li>Put a minus before a word to leave it out: budget -housing.</li>
    <li>Narrow by section, dates or print issue, and sort by relevance or date.</li>
  </ul>
);

const NoResults: FC<{ results: SearchResults }> = ({ results }) => {
  const filtered = Object.keys(results.filters).length > 0;
  return (
    <section class="no-results" aria-labelledby="no-results-heading">
      <h2 id="no-results-heading">Nothing matched “{formatQuery(results.query)}”</h2>
      <p>Every word you type must appear in an article. You could:</p>
      <ul>
        <li>check the spelling, or try fewer or more general words;</li>
        {results.query.required.some((w) => w.length > 1) && <li>remove the quotes, to find the words apart as well as together;</li>}
        {results.query.excluded.length > 0 && <li>drop the words you excluded with a minus;</li>}
        {filtered && (
          <li>
            <a href={searchHref({ ...results, filters: {} })}>search all articles</a>, without the filters;
          </li>
        )}
        <li>
          browse the <a href="/archive">archive</a> by year and print issue, or see what we published <a href="/on-this-day">on this day</a>.
        </li>
      </ul>
    </section>
  );
};

export interface SearchPageProps {
  chrome: SiteChrome;
  timeZone: string;
  sections: Section[];
  results: SearchResults;
}

/** /search: the form, notes about the request, the hits with highlights, and paging. */
export const SearchPage: FC<SearchPageProps> = ({ chrome, timeZone, sections, results }) => {
  const r = results;
  const searched = r.searched;
  // The first hit with a picture holds the page's largest: it is fetched first.
  const largest = firstPictured(r.hits);
  const title = r.q ? `Search: ${r.q.slice(0, 80)} | ${chrome.siteName}` : `Search | ${chrome.siteName}`;
  const activeFilters = Object.entries(r.filters) as Array<[keyof SearchFilters, string | number]>;
  return (
    <Layout chrome={chrome} title={title} description="Search every article we have published." head={<meta name="robots" content="noindex" />}>
      <header class="front-header">
        <h1>Search</h1>
      </header>
      <form class="search-form" method="get" action="/search" role="search" aria-label="Articles">
        <p class="search-query">
          <label for="q">Search for</label>
          <input id="q" name="q" type="search" value={r.q} maxlength={200} />
          <button type="submit">Search</button>
        </p>
        <fieldset class="search-filters">
          <legend>Narrow and sort</legend>
          <p class="field field-section">
            <label for="section">Section</label>
            <select id="section" name="section">
              <option value="">All sections</option>
              {sections.map((s) => (
                <option value={s.slug} selected={r.filters.section === s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </p>
          <p class="field">
            <label for="from">From</label>
            <input id="from" name="from" type="date" value={r.filters.from ?? ''} />
          </p>
          <p class="field">
            <label for="to">To</label>
            <input id="to" name="to" type="date" value={r.filters.to ?? ''} />
          </p>
          <p class="field">
            <label for="issue">Print issue</label>
            <input id="issue" name="issue" type="number" min={1} inputmode="numeric" value={r.filters.issue?.toString() ?? ''} />
          </p>
          <p class="field">
            <label for="sort">Sort by</label>
            <select id="sort" name="sort">
              <option value="relevance" selected={r.sort === 'relevance'}>
                Relevance
              </option>
              <option value="date" selected={r.sort === 'date'}>
                Newest first
              </option>
            </select>
          </p>
        </fieldset>
        {r.filters.author && <input type="hidden" name="author" value={r.filters.author} />}
        {r.filters.topic && <input type="hidden" name="topic" value={r.filters.topic} />}
      </form>

      {r.notes.length > 0 && (
        <ul class="notes" role="status">
          {r.notes.map((n) => (
            <li>{n}</li>
          ))}
        </ul>
      )}

      {activeFilters.length > 0 && (
        <ul class="active-filters" aria-label="Filters">
          {activeFilters.map(([k, v]) => (
            <li>
              {filterLabels[k]}: {String(v)} <a href={searchHref(r, { [k]: undefined, page: undefined })}>remove</a>
            </li>
          ))}
        </ul>
      )}

      {!r.q.trim() && <Tips />}
      {searched && r.hits.length === 0 && r.page === 1 && <NoResults results={r} />}
      {searched && r.hits.length === 0 && r.page > 1 && (
        <p>
          There is no page {r.page} of results. <a href={searchHref(r)}>Go to the first page</a>.
        </p>
      )}

      {r.hits.length > 0 && (
        <>
          <p class="result-count" role="status">
            {r.moreThanTotal
              ? `More than ${r.total.toLocaleString('en-GB')} articles match; the ${r.sort === 'date' ? 'newest' : 'most relevant recent'} are shown first.`
              : `${r.total.toLocaleString('en-GB')} ${r.total === 1 ? 'article matches' : 'articles match'}.`}
          </p>
          <ol class="search-results" start={(r.page - 1) * PAGE_SIZE + 1}>
            {r.hits.map((hit, i) => (
              <Hit hit={hit} timeZone={timeZone} priority={i === largest} />
            ))}
          </ol>
          <nav class="pagination" aria-label="Pages">
            {r.page > 1 && (
              <a rel="prev" href={searchHref(r, { page: r.page === 2 ? undefined : r.page - 1 })}>
                Previous
              </a>
            )}
            <span>
              Page {r.page} of {r.pageCount}
            </span>
            {r.page < r.pageCount && (
              <a rel="next" href={searchHref(r, { page: r.page + 1 })}>
                Next
              </a>
            )}
          </nav>
        </>
      )}
    </Layout>
  );
};
