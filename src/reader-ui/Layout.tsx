import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { Section } from '../content/taxonomy.js';
import type { SiteSettings } from '../settings/site-settings.js';
import { BrandHead } from './BrandHead.js';
import { SectionLinks } from './SectionLinks.js';
import { SupportPrompt } from './SupportPrompt.js';

export interface SiteChrome {
  siteName: string;
  sections: Section[];
  settings: SiteSettings;
}

export interface LayoutProps {
  chrome: SiteChrome;
  title: string;
  description?: string;
  /** Extra tags for <head>: canonical, Open Graph, JSON-LD. */
  head?: Child;
  children?: Child;
}

/** The page shell every reader page shares: header with sections, main, footer. */
export const Layout: FC<LayoutProps> = ({ chrome, title, description, head, children }) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description && <meta name="description" content={description} />}
        <link rel="stylesheet" href="/static/site.css" />
        <BrandHead />
        {head}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <SupportPrompt text={chrome.settings.supportPrompt} />
          <a class="brand" href="/">
            {chrome.siteName}
          </a>
          <nav aria-label="Sections">
            <SectionLinks sections={chrome.sections} />
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>
            {chrome.siteName} · <a href="/support">Support us</a>
          </p>
        </footer>
      </body>
    </html>
  </>
);
