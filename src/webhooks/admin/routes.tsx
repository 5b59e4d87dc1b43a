import { Hono } from 'hono';
import { toastRedirect } from '../../admin/components/toast.js';
import type { NewsroomEnv } from '../../admin/env.js';
import { idParam } from '../../admin/manage/form.js';
import { saveOrRefuse } from '../../admin/manage/refusal.js';
import type { WebhookService } from '../webhook-service.js';
import { WebhookPage, WebhooksPage } from './views.js';

/** /admin/webhooks: subscriptions made (secret shown once), each one's delivery log, a test, deletion. Admins only: the service checks. */
export function webhookAdminRoutes(webhooks: WebhookService) {
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/webhooks', async (c) => c.html(<WebhooksPage subscriptions={await webhooks.list(c.var.user)} csrfToken={c.var.csrfToken} />));

  app.post('/admin/webhooks', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    const events = [body.events ?? []].flat().filter((e): e is string => typeof e === 'string');
    const values = { url: text('url'), description: text('description'), events };
    return saveOrRefuse(
      async () => {
        const made = await webhooks.create(c.var.user, values as Parameters<WebhookService['create']>[1]);
        // The secret is in this answer only: no redirect, so it is never in a URL or a later page.
        c.header('cache-control', 'no-store');
        return c.html(<WebhooksPage subscriptions={await webhooks.list(c.var.user)} csrfToken={c.var.csrfToken} made={made} />, 201);
      },
      async (refusal, status) => c.html(<WebhooksPage subscriptions={await webhooks.list(c.var.user)} csrfToken={c.var.csrfToken} refusal={refusal} values={values} />, status),
      { rename: { 'events.0': 'events' } },
    );
  });

  app.get('/admin/webhooks/:id{[0-9]+}', async (c) => {
    const { subscription, log } = await webhooks.get(c.var.user, idParam(c, 'webhook'));
    return c.html(<WebhookPage subscription={subscription} log={log} csrfToken={c.var.csrfToken} />);
  });

  app.post('/admin/webhooks/:id{[0-9]+}/test', async (c) => {
    const id = idParam(c, 'webhook');
    await webhooks.sendTest(c.var.user, id);
    return toastRedirect(c, `/admin/webhooks/${id}`, 'webhook-test');
  });

  app.post('/admin/webhooks/:id{[0-9]+}/delete', async (c) => {
    await webhooks.remove(c.var.user, idParam(c, 'webhook'));
    return toastRedirect(c, '/admin/webhooks', 'deleted');
  });

  return app;
}
