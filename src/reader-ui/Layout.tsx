import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { Section } from '../content/taxonomy.js';
import type { SiteSettings } from '../settings/site-settings.js';
import { BrandHead } from './BrandHead.js';
import { SiteFooter, SiteHeader } from './SiteNav.js';
import type { UploadedPictures } from './uploaded-pictures.js';

export interface SiteChrome {
  siteName: string;
  sections: Section[];
  settings: SiteSettings;
  /** The site's own pages (About, Contact, Privacy, …) for the footer; none listed when absent. */
  pages?: Array<{ slug: string; title: string }>;
  /** The uploads behind writers' photos and print covers, for their srcset; plain images without. */
  pictures?: UploadedPictures;
}

export interface LayoutProps {
  chrome: SiteChrome;
  title: string;
  description?: string;
  /** Extra tags for <head>: canonical, Open Graph, JSON-LD. */
  head?: Child;
  /** The article this page shows: the support prompt at the top names it, for attribution. */
  supportFrom?: number;
  children?: Child;
}

/** The page shell every reader page shares: skip link, header with navigation and search, main, footer. */
export const Layout: FC<LayoutProps> = ({ chrome, title, description, head, supportFrom, children }) => (
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
        <SiteHeader chrome={chrome} supportFrom={supportFrom} />
        <main id="main">{children}</main>
        <SiteFooter chrome={chrome} />
      </body>
    </html>
  </>
);
