import { Hono, type Context } from 'hono';
import type { AccessService } from '../../access/access-service.js';
import type { ArticleForm } from '../../access/meter.js';
import type { Article } from '../../content/article-store.js';
import { loadArticlePage } from '../article-data.js';
import { ArticlePage } from '../pages/ArticlePage.js';
import type { SiteContext } from './context.js';
import { pageTags } from '../../reader-ui/page-tags.js';
import { cacheForm, cachePage } from '../../reader-ui/cache-tags.js';

/** The form this reader gets of an article behind the meter, declared to the cache with the meter cookie to send; free articles have one form. */
async function articleForm(c: Context, access: AccessService, article: Article): Promise<ArticleForm> {
  if (article.access === 'free') return 'full';
  const meta = { articleId: article.id, level: article.access };
  const choice = await access.choose(meta, { cookie: c.req.header('cookie'), gift: c.req.query('gift') });
  cacheForm(c, { name: choice.form, access: meta, headers: choice.headers });
  return choice.form;
}

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
      const [{ chrome, around }, form] = await Promise.all([loadArticlePage(ctx, article), articleForm(c, services.access, article)]);
      cachePage(c, ...pageTags.article(article, around));
      return c.html(<ArticlePage chrome={chrome} timeZone={config.timeZone} site={site} article={article} around={around} form={form} />);
    });
}
