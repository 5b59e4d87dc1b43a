import { Hono } from 'hono';
import { canOnArticle } from '../../content/article-policy.js';
import { NotFoundError } from '../../errors.js';
import type { Services } from '../../services.js';
import { toastRedirect } from '../components/toast.js';
import { formVersion } from './form.js';
import type { AdminEnv } from './routes.js';
import { RevisionsPage } from './revisions-view.js';

const positive = (raw: string | undefined) => {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

const articleId = (raw: string) => {
  const id = positive(raw);
  if (id === undefined) throw new NotFoundError('No such article');
  return id;
};

/** An article's revisions, a word-level diff between two, and restoring one. */
export function revisionAdminRoutes(services: Services) {
  const { editorial } = services;
  return new Hono<AdminEnv>()
    .get('/admin/articles/:id/revisions', async (c) => {
      const id = articleId(c.req.param('id'));
      const [article, revisions] = await Promise.all([editorial.get(c.var.user, id), editorial.revisions(c.var.user, id)]);
      const from = positive(c.req.query('from'));
      const to = positive(c.req.query('to'));
      const diff = from && to ? { from, to, segments: await editorial.diff(c.var.user, id, from, to) } : undefined;
      const canRestore = canOnArticle(c.var.user, 'article.restore', article);
      return c.html(<RevisionsPage article={article} revisions={revisions} diff={diff} csrfToken={c.var.csrfToken} canRestore={canRestore} />);
    })
    .post('/admin/articles/:id/revisions/:version/restore', async (c) => {
      const id = articleId(c.req.param('id'));
      const version = positive(c.req.param('version'));
      if (version === undefined) throw new NotFoundError(`Article ${id} has no such revision`);
      await editorial.restore(c.var.user, id, version, formVersion(await c.req.parseBody()));
      return toastRedirect(c, `/admin/articles/${id}/revisions`, 'restored');
    });
}
