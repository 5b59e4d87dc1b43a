import { Hono } from 'hono';
import { cachePage } from '../../reader-ui/cache-tags.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { StandingPage } from '../pages/StandingPage.js';
import type { SiteContext } from './context.js';

/**
 * `/{slug}` for a published standing page (About, Privacy…). Any other single segment goes on
 * to the section front after it: a page never takes a section's address.
 */
export function pageRoutes({ services, config, chrome }: SiteContext) {
  return new Hono().get('/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}', async (c, next) => {
    const page = await services.pages.forReaders(c.req.param('slug'));
    if (!page) return next();
    cachePage(c, ...pageTags.page(page));
    return c.html(<StandingPage chrome={await chrome()} siteUrl={config.siteUrl} timeZone={config.timeZone} page={page} />);
  });
}
