import { Hono } from 'hono';
import { can } from '../../accounts/policy.js';
import { defaultDir, LIST_PAGE_SIZE, listSorts, type ListDir, type ListSort } from '../../content/article-list.js';
import { statuses, type ArticleStatus } from '../../content/workflow.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { ArticleListPage, type ListView } from './list-view.js';

const oneOf = <T extends string>(allowed: readonly T[], value: string | undefined): T | undefined => (allowed.includes(value as T) ? (value as T) : undefined);

/** `/admin/articles`: the article list. Filters from the query string; unknown values mean "any". */
export function articleListRoutes(services: Services) {
  const app = new Hono<NewsroomEnv>();
  app.get('/admin/articles', async (c) => {
    const q = c.req.query();
    const sort: ListSort = oneOf(listSorts, q.sort) ?? 'updated';
    const dir: ListDir = oneOf(['asc', 'desc'] as const, q.dir) ?? defaultDir[sort];
    const status = oneOf<ArticleStatus>(statuses, q.status);
    const search = q.q?.trim().slice(0, 200) || undefined;
    const [list, sections, authors] = await Promise.all([
      services.articleList.page(c.var.user, {
        status,
        sectionSlug: q.section || undefined,
        authorSlug: q.author || undefined,
        headlineContains: search,
        sort,
        dir,
        after: q.after || undefined,
        before: q.after ? undefined : q.before || undefined,
        last: q.last === '1',
      }),
      services.taxonomy.listSections(),
      services.taxonomy.listAuthors(),
    ]);
    const shown = Number(q.page);
    const page = q.last === '1' ? (list.countCapped ? undefined : Math.max(1, Math.ceil(list.total / LIST_PAGE_SIZE))) : Number.isSafeInteger(shown) && shown > 1 ? shown : q.after || q.before ? undefined : 1;
    const view: ListView = { status, section: q.section || undefined, author: q.author || undefined, q: search, sort, dir, page };
    return c.html(<ArticleListPage list={list} view={view} sections={sections} authors={authors} canWrite={can(c.var.user, 'article.create')} />);
  });
  return app;
}
