import type { Child, FC } from 'hono/jsx';
import { Layout, type SiteChrome } from './Layout.js';

export interface AreaPageProps {
  chrome: SiteChrome;
  /** The area's class on the page's section (`account`, `newsletters`): its part of the stylesheet. */
  area: string;
  title: string;
  description?: string;
  children?: Child;
}

/** A reader page of one area: the shared frame, titled "{title} | {site}", around the area's section. */
export const AreaPage: FC<AreaPageProps> = ({ chrome, area, title, description, children }) => (
  <Layout chrome={chrome} title={`${title} | ${chrome.siteName}`} description={description}>
    <section class={area}>{children}</section>
  </Layout>
);

/** A page that says one thing: its title as the h1 and a few lines beneath. */
export const AreaMessagePage: FC<Omit<AreaPageProps, 'description'>> = ({ chrome, area, title, children }) => (
  <AreaPage chrome={chrome} area={area} title={title}>
    <h1>{title}</h1>
    {children}
  </AreaPage>
);
