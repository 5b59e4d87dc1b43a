import type { FC } from 'hono/jsx';
import type { SiteChrome } from './Layout.js';
import { SectionLinks } from './SectionLinks.js';
import { SupportPrompt } from './SupportPrompt.js';
import { raw } from 'hono/html';
import { ASK_CLOSE, ASK_OPEN_HIDDEN } from '../asks/ask-slot.js';
import { renderedOnce } from './once-per-object.js';

/** The links a reader looks for besides the sections, in the header's phone menu and the footer. */
const readerLinks = [
  { href: '/newsletters', name: 'Newsletters' },
  { href: '/archive', name: 'Archive' },
  { href: '/support', name: 'Support us' },
  { href: '/account', name: 'Your account' },
];

/** The header's search box: a plain GET form to /search, so it works without JavaScript. */
const SearchBox: FC = () => (
  <form class="site-search" method="get" action="/search" role="search" aria-label="Site">
    <label class="visually-hidden" for="site-search-q">
      Search articles
    </label>
    <input id="site-search-q" type="search" name="q" maxlength={200} placeholder="Search" />
    <button type="submit">Search</button>
  </form>
);

/**
 * The masthead: support prompt, brand, search, and navigation. Wide screens show the sections as
 * a row; phones get a Menu built on <details>, which opens and closes with no script at all.
 */
export const SiteHeader: FC<{ chrome: SiteChrome; supportFrom?: number }> = ({ chrome, supportFrom }) => (
  <header class="masthead">
    <SupportPrompt text={chrome.settings.supportPrompt} articleId={supportFrom} />
    {mastheadBelowPrompt(chrome)}
  </header>
);

/** Everything in the masthead but the prompt, which names the page's article: the same on every page. */
const mastheadBelowPrompt = renderedOnce((chrome: SiteChrome) => (
  <>
    <div class="masthead-bar">
      <nav class="masthead-links" aria-label="Reader services">
        <ul>
          <li>
            <a href="/newsletters">Newsletters</a>
          </li>
          <li>
            <a href="/support">Support us</a>
          </li>
        </ul>
      </nav>
      <a class="brand" href="/">
        {chrome.siteName}
      </a>
      <SearchBox />
      <details class="menu">
        <summary>Menu</summary>
        <nav class="menu-panel" aria-label="Menu">
          <SectionLinks sections={chrome.sections} />
          <ul class="menu-more">
            {readerLinks.map((l) => (
              <li>
                <a href={l.href}>{l.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      </details>
    </div>
    <nav class="section-nav" aria-label="Site sections">
      <SectionLinks sections={chrome.sections} />
    </nav>
  </>
));

/** The footer: sections, the reader's other ways in, the site's own pages, and the support ask. */
export const SiteFooter: FC<{ chrome: SiteChrome }> = ({ chrome }) => siteFooter(chrome);

const siteFooter = renderedOnce((chrome: SiteChrome) => (
  <footer class="site-footer">
    {/* An honest ask too: a member's page drops it (src/asks/ask-slot.ts). */}
    {raw(ASK_OPEN_HIDDEN)}
    <div class="footer-ask">
      <p>{chrome.settings.supportPrompt}</p>
      <a class="footer-button" href="/support">
        Support {chrome.siteName}
      </a>
    </div>
    {raw(ASK_CLOSE)}
    <nav class="footer-nav" aria-label="Footer">
      <div>
        <h2>Sections</h2>
        <SectionLinks sections={chrome.sections} />
      </div>
      <div>
        <h2>Read</h2>
        <ul>
          {readerLinks.map((l) => (
            <li>
              <a href={l.href}>{l.name}</a>
            </li>
          ))}
          <li>
            <a href="/search">Search</a>
          </li>
          <li>
            <a href="/feed">RSS feed</a>
          </li>
        </ul>
      </div>
      {chrome.pages?.length ? (
        <div>
          <h2>{chrome.siteName}</h2>
          <ul>
            {chrome.pages.map((p) => (
              <li>
                <a href={`/${p.slug}`}>{p.title}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
    <p class="colophon">© {chrome.siteName}</p>
  </footer>
));
