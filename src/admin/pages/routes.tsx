import { Hono } from 'hono';
import type { Page, PageInput } from '../../pages/page-service.js';
import type { Services } from '../../services.js';
import { toastRedirect } from '../components/toast.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam } from '../manage/form.js';
import { saveOrRefuse } from '../manage/refusal.js';
import { PageForm, PagesList, type PageFormValues } from './views.js';

const valuesOf = (page: Page): PageFormValues => ({ slug: page.slug, title: page.title, standfirst: page.standfirst, body: JSON.stringify(page.body), status: page.status });

/** A posted page form as the service takes it; the body stays text for the service to read. */
const inputOf = (f: Record<string, string>): PageFormValues & PageInput => ({
  slug: (f.slug ?? '').trim(),
  title: f.title ?? '',
  standfirst: f.standfirst ?? '',
  body: f.body || '[]',
  status: f.status ?? 'draft',
});

/** The newsroom's standing pages: list, new, edit, delete. The service refuses anyone below editor. */
export function pageAdminRoutes(services: Services) {
  const { pages } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/pages', async (c) => c.html(<PagesList pages={await pages.list(c.var.user)} />));

  app.get('/admin/pages/new', async (c) => {
    // Asked first, so a writer gets the refusal rather than a form that cannot save.
    await pages.list(c.var.user);
    return c.html(<PageForm values={{ slug: '', title: '', standfirst: '', body: '[]', status: 'draft' }} csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/pages', async (c) => {
    const input = inputOf(await formFields(c));
    return saveOrRefuse(
      async () => toastRedirect(c, `/admin/pages/${(await pages.create(c.var.user, input)).id}`, 'created'),
      (refusal, status) => c.html(<PageForm values={input} csrfToken={c.var.csrfToken} refusal={refusal} />, status),
      { conflictField: 'slug' },
    );
  });

  app.get('/admin/pages/:id', async (c) => {
    const page = await pages.get(c.var.user, idParam(c, 'page'));
    return c.html(<PageForm page={page} values={valuesOf(page)} csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/pages/:id', async (c) => {
    const page = await pages.get(c.var.user, idParam(c, 'page'));
    const input = inputOf(await formFields(c));
    return saveOrRefuse(
      async () => toastRedirect(c, `/admin/pages/${(await pages.update(c.var.user, page.id, input)).id}`, 'saved'),
      (refusal, status) => c.html(<PageForm page={page} values={input} csrfToken={c.var.csrfToken} refusal={refusal} />, status),
      { conflictField: 'slug' },
    );
  });

  app.post('/admin/pages/:id/delete', async (c) => {
    await pages.remove(c.var.user, idParam(c, 'page'));
    return toastRedirect(c, '/admin/pages', 'deleted');
  });

  return app;
}
