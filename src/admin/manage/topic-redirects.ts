import { Hono } from 'hono';
import type { Services } from '../../services.js';

/**
 * Reader URLs of topics merged away answer 301 to the kept topic. Mounted before the
 * site's routes; any other topic slug falls through to them.
 */
export function topicRedirectRoutes(services: Services) {
  const app = new Hono();
  app.on('GET', ['/topic/:slug', '/topic/:slug/feed'], async function topicRedirect(c, next) {
    const slug = c.req.param('slug');
    const to = await services.desk.topicRedirect(slug);
    if (!to) return next();
    return c.redirect(`/topic/${to}${c.req.path.endsWith('/feed') ? '/feed' : ''}`, 301);
  });
  return app;
}
