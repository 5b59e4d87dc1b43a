import { Hono } from 'hono';
import { ArchiveMonthPage, ArchivePage, ArchiveYearPage } from '../pages/ArchivePages.js';
import { paged, pageParam, type SiteContext } from './context.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { cachePage } from '../../reader-ui/cache-tags.js';

/** A month's list is longer than a front's: readers scan a day at a time. */
const MONTH_PAGE_SIZE = 50;

/** /archive, /archive/YYYY and /archive/YYYY/MM, built on counts per URL month. */
export function archiveRoutes({ services, config, chrome }: SiteContext) {
  const { archive, articles, taxonomy } = services;

  return new Hono()
    .get('/archive', async (c) => {
      const [site, years, latestIssue] = await Promise.all([chrome(), archive.years(), taxonomy.latestPrintIssue()]);
      cachePage(c, ...pageTags.archive(undefined, undefined, [], latestIssue ? [latestIssue] : []));
      return c.html(<ArchivePage chrome={site} siteUrl={config.siteUrl} years={years} latestIssue={latestIssue} />);
    })
    .get('/archive/:year{[0-9]{4}}', async (c) => {
      const year = c.req.param('year');
      const [months, issues] = await Promise.all([archive.monthsOfYear(year), archive.issuesOfYear(year)]);
      if (months.length === 0 && issues.length === 0) return c.notFound();
      cachePage(c, ...pageTags.archive(year, undefined, [], issues));
      return c.html(<ArchiveYearPage chrome={await chrome()} siteUrl={config.siteUrl} data={{ year, months, issues }} />);
    })
    .get('/archive/:year{[0-9]{4}}/:month{0[1-9]|1[0-2]}', async (c) => {
      const month = `${c.req.param('year')}/${c.req.param('month')}`;
      const page = pageParam(c);
      const total = page ? await archive.countMonth(month) : 0;
      if (!page || total <= (page - 1) * MONTH_PAGE_SIZE) return c.notFound();
      const list = await paged(page, (limit, offset) => articles.listPublished({ urlMonth: month, order: 'oldest', limit, offset }), MONTH_PAGE_SIZE);
      cachePage(c, ...pageTags.archive(...(month.split('/') as [string, string]), list.items));
      return c.html(
        <ArchiveMonthPage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={config.timeZone} data={{ month, total, articles: list.items, page, hasNext: list.hasNext }} />,
      );
    });
}
