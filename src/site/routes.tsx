import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import type { SiteChrome } from './components/Layout.js';
import { ArticlePage } from './pages/ArticlePage.js';
import { HomePage } from './pages/HomePage.js';
import { SectionPage } from './pages/SectionPage.js';

const PAGE_SIZE = 20;

/** Reader pages. Handlers only load data from services and pick a page component. */
export function siteRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'>) {
  const { articles, taxonomy } = services;
  const tz = config.timeZone;
  const chrome = async (): Promise<SiteChrome> => ({ siteName: config.siteName, sections: await taxonomy.listSections() });

  return new Hono()
    .get('/', async (c) => {
      const [site, latest] = await Promise.all([chrome(), articles.listPublished({ sponsored: false, limit: 1 })]);
      const rails = await Promise.all(
        site.sections.map(async (section) => ({
          section,
          articles: await articles.listPublished({ sectionSlug: section.slug, sponsored: false, limit: 4, excludeIds: latest.map((a) => a.id) }),
        })),
      );
      return c.html(<HomePage chrome={site} timeZone={tz} data={{ lead: latest[0], rails }} />);
    })
    .get('/:section/:year{[0-9]{4}}/:month{[0-9]{2}}/:slug', async (c) => {
      const { section, year, month, slug } = c.req.param();
      const article = await articles.findPublished(section, year, month, slug);
      if (!article) {
        const moved = await articles.redirectFor(c.req.path);
        return moved ? c.redirect(moved, 301) : c.notFound();
      }
      return c.html(<ArticlePage chrome={await chrome()} timeZone={tz} article={article} />);
    })
    .get('/:section', async (c) => {
      const section = await taxonomy.findSection(c.req.param('section'));
      if (!section) return c.notFound();
      const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
      const list = await articles.listPublished({ sectionSlug: section.slug, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE });
      if (page > 1 && list.length === 0) return c.notFound();
      return c.html(
        <SectionPage
          chrome={await chrome()}
          timeZone={tz}
          data={{ section, articles: list.slice(0, PAGE_SIZE), page, hasNext: list.length > PAGE_SIZE }}
        />,
      );
    });
}
