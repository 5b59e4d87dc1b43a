import { Hono } from 'hono';
import { periodOf } from '../../analytics/reports/newsroom-analytics.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { idParam } from '../manage/form.js';
import { AnalyticsPage, ArticleAnalyticsPage } from './AnalyticsPages.js';
import { csvResponse } from './csv.js';
import { sourceName } from './format.js';

const figures = ['views', 'visitors'];

/**
 * /admin/analytics: the readership dashboard, each article's page, and a CSV of every table on
 * them (…/export.csv?table=…). Who sees what is the service's decision (newsroomAnalytics).
 */
export function analyticsAdminRoutes(services: Services) {
  const { newsroomAnalytics: analytics, linkClicks } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/analytics', async (c) => c.html(<AnalyticsPage dashboard={await analytics.dashboard(c.var.user, periodOf(c.req.query('days')))} />));

  app.get('/admin/analytics/export.csv', async (c) => {
    const table = c.req.query('table') ?? '';
    const dashboard = await analytics.dashboard(c.var.user, periodOf(c.req.query('days')));
    const name = (what: string) => `${what}-${dashboard.scope === 'site' ? `${dashboard.days}-days` : `own-${dashboard.days}-days`}.csv`;
    if (table === 'articles') return csvResponse(name('articles'), ['article', 'path', ...figures], dashboard.articles.map((a) => [a.headline, a.path, a.views, a.visitors]));
    if (dashboard.scope !== 'site') throw new ForbiddenError(`A ${c.var.user.role} sees the figures of their own articles only`);
    if (table === 'sources') return csvResponse(name('sources'), ['source', ...figures], dashboard.sources.map((s) => [sourceName(s.source), s.views, s.visitors]));
    if (table === 'topics') return csvResponse(name('topics'), ['topic', ...figures], dashboard.topics.map((t) => [t.name, t.views, t.visitors]));
    if (table === 'authors') return csvResponse(name('authors'), ['author', ...figures], dashboard.authors.map((a) => [a.name, a.views, a.visitors]));
    if (table === 'days') return csvResponse('days-30.csv', ['day', ...figures], dashboard.series.map((d) => [d.day, d.views, d.visitors]));
    throw new NotFoundError(`No table "${table}": choose articles, sources, topics, authors or days`);
  });

  app.get('/admin/analytics/articles/:id', async (c) => c.html(<ArticleAnalyticsPage figures={await analytics.article(c.var.user, idParam(c, 'article'))} />));

  app.get('/admin/analytics/articles/:id/export.csv', async (c) => {
    const id = idParam(c, 'article');
    const { series, sources } = await analytics.article(c.var.user, id);
    const table = c.req.query('table');
    if (table === 'days') return csvResponse(`article-${id}-days.csv`, ['day', ...figures], series.map((d) => [d.day, d.views, d.visitors]));
    if (table === 'sources') return csvResponse(`article-${id}-sources.csv`, ['source', ...figures], sources.map((s) => [sourceName(s.source), s.views, s.visitors]));
    throw new NotFoundError(`No table "${table ?? ''}": choose days or sources`);
  });

  app.get('/admin/analytics/newsletters/issues/:id/clicks.csv', async (c) => {
    const id = idParam(c, 'issue');
    const clicks = await linkClicks.ofIssue(c.var.user, id);
    return csvResponse(`issue-${id}-clicks.csv`, ['link', 'clicks'], clicks.map((l) => [l.url, l.clicks]));
  });

  return app;
}
