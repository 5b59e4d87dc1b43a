import { Hono } from 'hono';
import { cachePage } from '../../reader-ui/cache-tags.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { CorrectionsPage } from '../pages/CorrectionsPage.js';
import { paged, pageParam, type SiteContext } from './context.js';

/** /corrections: every correction and update readers can see, newest first, 20 a page. */
export function correctionRoutes({ services, config, chrome }: SiteContext) {
  return new Hono().get('/corrections', async (c) => {
    const page = pageParam(c);
    if (!page) return c.notFound();
    const list = await paged(page, (limit, offset) => services.corrections.list(limit, offset));
    if (page > 1 && list.empty) return c.notFound();
    cachePage(c, ...pageTags.corrections(list.items.map((item) => item.article.id)));
    return c.html(<CorrectionsPage chrome={await chrome()} siteUrl={config.siteUrl} corrections={list.items} page={page} hasNext={list.hasNext} />);
  });
}
