import { Hono } from 'hono';
import { loadArticlePage } from '../article-data.js';
import { ArticlePage } from '../pages/ArticlePage.js';
import type { SiteContext } from './context.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { cachePage } from '../../reader-ui/cache-tags.js';

/** The article page (an old URL answers 301 to the new one); /support is src/members/routes.tsx. Mount before the `/:section` catch-all. */
export function articleRoutes(ctx: SiteContext) {
  const { services, config } = ctx;
  const { articles } = services;
  const site = { siteName: config.siteName, siteUrl: config.siteUrl };

  return new Hono()
    .get('/:section/:year{[0-9]{4}}/:month{[0-9]{2}}/:slug', async (c) => {
      const { section, year, month, slug } = c.req.param();
      const article = await articles.findPublished(section, year, month, slug);
      if (!article) {
        const moved = await articles.redirectFor(c.req.path);
        return moved ? c.redirect(moved, 301) : c.notFound();
      }
      const { chrome, around } = await loadArticlePage(ctx, article);
      cachePage(c, ...pageTags.article(article, around));
      return c.html(<ArticlePage chrome={chrome} timeZone={config.timeZone} site={site} article={article} around={around} />);
    });
}
