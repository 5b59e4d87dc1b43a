import { federation as fedifyMiddleware } from '@fedify/fedify/x/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import type { FediverseService } from './fediverse-service.js';

/** Where the fediverse asks: WebFinger, NodeInfo, and the actors, inboxes, collections and objects under /ap/. */
const fediversePaths = ['/.well-known/webfinger', '/.well-known/nodeinfo', '/nodeinfo/*', '/ap/*'];

/**
 * Fedify's handler in front of those paths only; whatever it does not answer (a browser asking
 * for HTML) goes on to the site's own routes.
 */
export function fediverseRoutes(fediverse: FediverseService) {
  const app = new Hono();
  // Fedify loads with the first request that needs it.
  let middleware: Promise<MiddlewareHandler> | undefined;
  const handler: MiddlewareHandler = async (c, next) => {
    middleware ??= fediverse.federation().then((federation) => fedifyMiddleware(federation, () => undefined) as unknown as MiddlewareHandler);
    return (await middleware)(c, next);
  };
  for (const path of fediversePaths) app.use(path, handler);
  return app;
}
