import { Hono } from 'hono';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import { siteChrome } from '../reader-ui/chrome.js';
import { isRealDay } from './days.js';
import { OnThisDayPage } from './views/OnThisDayPage.js';
import { SearchPage } from './views/SearchPage.js';

/** /search and /on-this-day. Handlers read the request, call a service and pick a page. */
export function searchRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'>) {
  const tz = config.timeZone;
  const chrome = siteChrome(services, config.siteName);

  return new Hono()
    .get('/search', async (c) => {
      const q = (name: string) => c.req.query(name);
      const [site, results] = await Promise.all([
        chrome(),
        services.search.search({
          q: q('q'),
          section: q('section'),
          author: q('author'),
          topic: q('topic'),
          from: q('from'),
          to: q('to'),
          issue: q('issue'),
          sort: q('sort'),
          page: q('page'),
        }),
      ]);
      c.header('Cache-Control', 'public, max-age=60');
      return c.html(<SearchPage chrome={site} timeZone={tz} sections={site.sections} results={results} />);
    })
    .get('/on-this-day', async (c) => {
      const { month, day } = services.onThisDay.today();
      const [site, data] = await Promise.all([chrome(), services.onThisDay.on(month, day)]);
      // Today changes at midnight: let caches keep it only briefly.
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(<OnThisDayPage chrome={site} timeZone={tz} data={data} />);
    })
    .get('/on-this-day/:date{[0-9]{2}-[0-9]{2}}', async (c) => {
      const [month, day] = c.req.param('date').split('-').map(Number) as [number, number];
      if (!isRealDay(2000, month, day)) return c.notFound();
      const [site, data] = await Promise.all([chrome(), services.onThisDay.on(month, day)]);
      c.header('Cache-Control', 'public, max-age=3600');
      return c.html(<OnThisDayPage chrome={site} timeZone={tz} data={data} />);
    });
}
