import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { contextStorage } from 'hono/context-storage';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config.js';
import { BroadsheetError } from '../errors.js';
import { MAX_UPLOAD_BYTES } from '../media/media-service.js';
import type { Services } from '../services.js';
import { accountRoutes } from './account/routes.js';
import { analyticsAdminRoutes } from './analytics/routes.js';
import { AdminErrorPage } from './account/views.js';
import { articleListRoutes } from './articles/list-routes.js';
import { articleAdminRoutes } from './articles/routes.js';
import { previewAdminRoutes } from './articles/preview-routes.js';
import { revisionAdminRoutes } from './articles/revisions-routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { clientAddress } from './client-address.js';
import { csrfGuard } from './csrf-middleware.js';
import type { NewsroomEnv } from './env.js';
import { frontAdminRoutes } from './fronts/routes.js';
import { deskRoutes } from './manage/desk-routes.js';
import { taxonomyAdminRoutes } from './manage/taxonomy-routes.js';
import { usersAdminRoutes } from './manage/users-routes.js';
import { mediaAdminRoutes } from './media/routes.js';
import { planAdminRoutes } from '../members/admin/routes.js';
import { memberAdminRoutes } from '../members/admin/member-routes.js';
import { pageAdminRoutes } from './pages/routes.js';
import { settingsAdminRoutes } from './settings/routes.js';
import { fediverseAdminRoutes } from '../fediverse/admin/routes.js';
import { integrationsAdminRoutes } from './integrations/routes.js';
import { webhookAdminRoutes } from '../webhooks/admin/routes.js';
import { newsroomCookies } from './session-cookie.js';
import { isPublicAdminPath, requireSession } from './session-middleware.js';

/**
 * Everything under /admin: sign-in, then a session and a CSRF token on every request,
 * then the newsroom's pages. Roles are checked by the services the pages call.
 *
 * @example app.route('/', adminRoutes(services, config)) // before the site's catch-all routes
 */
export function adminRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'> & Partial<Pick<Config, 'trustProxy'>>) {
  const cookies = newsroomCookies(config.siteUrl);
  const app = new Hono<NewsroomEnv>();
  app.use('/admin/*', contextStorage());
  app.use('/admin/*', async (c, next) => {
    c.set('timeZone', config.timeZone);
    await next();
  });
  // The CSRF check reads form bodies, so it must not read an unbounded one.
  app.use('/admin/*', bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => c.text('The request is larger than 15 MB', 413) }));
  app.use('/admin/*', requireSession(services.accounts, cookies));
  app.use('/admin/*', csrfGuard((c) => (isPublicAdminPath(c.req.path) ? cookies.loginCsrf.get(c) : c.var.csrfToken)));

  app.route('/', dashboardRoutes(services));
  app.route('/', accountRoutes(services, cookies, clientAddress(config.trustProxy ?? [])));
  app.route('/', articleListRoutes(services));
  app.route('/', articleAdminRoutes(services, config));
  app.route('/', previewAdminRoutes(services, config));
  app.route('/', revisionAdminRoutes(services));
  app.route('/', mediaAdminRoutes(services));
  app.route('/', taxonomyAdminRoutes(services));
  app.route('/', deskRoutes(services));
  app.route('/', frontAdminRoutes(services, config));
  app.route('/', pageAdminRoutes(services));
  app.route('/', usersAdminRoutes(services));
  app.route('/', settingsAdminRoutes(services));
  app.route('/', fediverseAdminRoutes(services));
  app.route('/', integrationsAdminRoutes(services, config));
  app.route('/', webhookAdminRoutes(services.webhooks));
  app.route('/', planAdminRoutes(services));
  app.route('/', memberAdminRoutes(services));
  app.route('/', analyticsAdminRoutes(services));

  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    if (!(error instanceof BroadsheetError)) throw error;
    if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ error: error.message }, error.status as 400);
    return c.html(<AdminErrorPage status={error.status} message={error.message} />, error.status as 400);
  });
  return app;
}
