import { Hono } from 'hono';
import { can } from '../../accounts/policy.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import { dashboardService } from './dashboard-service.js';
import { DashboardPage } from './views.js';

/** `/admin`, the newsroom's first page. */
export function dashboardRoutes(services: Services, options: { now?: () => Date } = {}) {
  const dashboard = dashboardService(services.database, services.desk, options);
  const app = new Hono<NewsroomEnv>();
  app.get('/admin', async (c) => c.html(<DashboardPage dashboard={await dashboard.forUser(c.var.user)} canWrite={can(c.var.user, 'article.create')} />));
  return app;
}
