import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { BroadsheetError } from './errors.js';
import { mediaRoutes } from './media/routes.js';
import { newsletterRoutes } from './newsletters/routes.js';
import type { Services } from './services.js';
import { searchRoutes } from './search/routes.js';
import { ErrorPage } from './site/pages/ErrorPage.js';
import { siteRoutes } from './site/routes.js';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));

export interface AppOptions {
  services: Services;
  config: Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'>;
  logger?: Logger;
}

/**
 * The whole HTTP application, with no port opened: tests call `app.request(…)`,
 * main.ts hands it to the Node server.
 */
export function createApp({ services, config, logger }: AppOptions) {
  const app = new Hono();
  const chrome = async () => ({ siteName: config.siteName, sections: await services.taxonomy.listSections().catch(() => []) });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      strictTransportSecurity: config.siteUrl.startsWith('https:') ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );

  // Forms are refused unless the browser says they came from this site. Pages stay
  // cacheable because no per-reader token is baked into them; signed-in forms add a
  // session token on top. Mail providers' RFC 8058 one-click unsubscribes carry no
  // Origin, and their signed URL is their protection.
  const siteOrigin = new URL(config.siteUrl).origin;
  const originCheck = csrf({ origin: (origin, c) => origin === siteOrigin || origin === new URL(c.req.url).origin });
  app.use((c, next) => (c.req.path.startsWith('/newsletters/unsubscribe/') ? next() : originCheck(c, next)));

  app.get('/healthz', async (c) => {
    await services.articles.count({ limit: 1 });
    return c.json({ ok: true });
  });
  app.use('/static/*', serveStatic({ root: publicDir }));
  app.route('/', mediaRoutes(services.media));
  app.use('/media/*', serveStatic({ root: publicDir }));

  app.route('/', searchRoutes(services, config));
  app.route('/', newsletterRoutes(services, config));
  app.route('/', siteRoutes(services, config));

  app.notFound(async (c) => c.html(<ErrorPage chrome={await chrome()} status={404} />, 404));
  app.onError(async (error, c) => {
    // Middleware refusals (the CSRF origin check's 403) keep their status.
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof BroadsheetError) {
      return c.html(<ErrorPage chrome={await chrome()} status={error.status} message={error.message} />, error.status as 400);
    }
    logger?.error({ err: error, path: c.req.path }, 'request failed');
    return c.html(<ErrorPage chrome={await chrome()} status={500} />, 500);
  });
  return app;
}
