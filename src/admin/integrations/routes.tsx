import { Hono } from 'hono';
import type { Config } from '../../config.js';
import type { Services } from '../../services.js';
import { toastRedirect } from '../components/toast.js';
import type { NewsroomEnv } from '../env.js';
import { formFields, idParam } from '../manage/form.js';
import { saveOrRefuse } from '../manage/refusal.js';
import { IntegrationsPage } from './views.js';

/** /admin/integrations: API keys made, listed and revoked; the service lets only admins. */
export function integrationsAdminRoutes(services: Services, config: Pick<Config, 'siteUrl'>) {
  const { apiKeys } = services;
  const app = new Hono<NewsroomEnv>();

  app.get('/admin/integrations', async (c) => c.html(<IntegrationsPage keys={await apiKeys.list(c.var.user)} csrfToken={c.var.csrfToken} siteUrl={config.siteUrl} />));

  app.post('/admin/integrations', async (c) => {
    const f = await formFields(c);
    const input = f.kind === 'admin' ? { kind: 'admin' as const, name: f.name ?? '', role: (f.role ?? '') as never } : { kind: (f.kind ?? 'content') as 'content', name: f.name ?? '' };
    return saveOrRefuse(
      async () => {
        const made = await apiKeys.create(c.var.user, input);
        // The secret is shown in this answer only: no redirect, so it is never in a URL or a later page.
        c.header('cache-control', 'no-store');
        return c.html(<IntegrationsPage keys={await apiKeys.list(c.var.user)} csrfToken={c.var.csrfToken} siteUrl={config.siteUrl} made={made} />, 201);
      },
      async (refusal, status) => c.html(<IntegrationsPage keys={await apiKeys.list(c.var.user)} csrfToken={c.var.csrfToken} siteUrl={config.siteUrl} refusal={refusal} values={f} />, status),
    );
  });

  app.post('/admin/integrations/:id/revoke', async (c) => {
    await apiKeys.revoke(c.var.user, idParam(c, 'API key'));
    return toastRedirect(c, '/admin/integrations', 'revoked');
  });

  return app;
}
