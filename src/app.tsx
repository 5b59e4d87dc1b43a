import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { adminRoutes } from './admin/app.js';
import { adminApiRoutes } from './api/admin/routes.js';
import { topicRedirectRoutes } from './admin/manage/topic-redirects.js';
import { BroadsheetError } from './errors.js';
import { FORM_BODY_LIMIT, requestBodyLimit } from './http/body-limit.js';
import { MAX_UPLOAD_BYTES } from './media/media-service.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { operationsRoutes } from './metrics/routes.js';
import { mediaRoutes } from './media/routes.js';
import { setMediaBaseUrl } from './media/public-url.js';
import { memberRoutes } from './members/routes.js';
import { askRoutes } from './asks/routes.js';
import { askStates } from './asks/ask-state.js';
import { SUPPORTER_GOAL_TAG } from './asks/supporter-goal.js';
import { newsletterRoutes } from './newsletters/routes.js';
import { readerAccountRoutes } from './readers/routes.js';
import type { Services } from './services.js';
import { searchRoutes } from './search/routes.js';
import { contentApiRoutes } from './api/content/routes.js';
import { fediverseRoutes } from './fediverse/routes.js';
import { invalidateOnChange } from './site/cache/invalidation.js';
import { renderCacheMiddleware } from './site/cache/middleware.js';
import { withSiteDataMemo } from './site/cache/site-data.js';
import { RenderCache } from './site/cache/render-cache.js';
import { ErrorPage } from './site/pages/ErrorPage.js';
import { siteChrome } from './reader-ui/chrome.js';
import { siteRoutes } from './site/routes.js';
import { giftRoutes } from './access/routes.js';
import { clickRoutes } from './analytics/links/routes.js';
import { manifestRoutes } from './site/routes/manifest.js';
import { sharePreviewRoutes } from './site/routes/share-preview.js';
import { defaultSiteSettings } from './settings/site-settings.js';

const publicDir = fileURLToPath(new URL('../public', import.meta.url));

/** JSON clients (the bounce webhook, the editor's autosave) get their errors as JSON. */
const wantsJson = (c: Context) => /application\/json/.test(`${c.req.header('accept') ?? ''} ${c.req.header('content-type') ?? ''}`);

export interface AppOptions {
  services: Services;
  config: Pick<Config, 'siteName' | 'timeZone' | 'siteUrl'> & Partial<Pick<Config, 'trustProxy' | 'metricsToken' | 'mediaUrl'>>;
  logger?: Logger;
  /** The reader-page cache; pass one to inspect it in tests or to size it. */
  renderCache?: RenderCache;
  /** The /metrics figures; the server passes the ones its request path counts into. */
  metrics?: Metrics;
  /** PostgreSQL: whether the change listener is connected, for /readyz. */
  listening?: () => boolean;
}

/**
 * The whole HTTP application, with no port opened: tests call `app.request(…)`,
 * main.ts hands it to the Node server.
 */
export function createApp({ services, config, logger, renderCache = new RenderCache(), metrics = createMetrics({ renderCache, database: services.database }), listening }: AppOptions) {
  const app = new Hono();
  // Pages point at the CDN for uploads when MEDIA_URL is set.
  setMediaBaseUrl(config.mediaUrl);
  invalidateOnChange(renderCache, services);
  // Articles behind the meter are cached in each of their forms; access picks one per request.
  renderCache.gate = services.access;
  // Every page's honest asks are filled per reader from the meter cookie and standing (src/asks).
  renderCache.asks = askStates(services.access);
  services.supporterGoal.onChange(() => renderCache.invalidate([SUPPORTER_GOAL_TAG]));
  // Ghost's Content API answers before the reader cache and the CSRF check: JSON for GETs, none of it a page.
  app.route('/ghost/api/content', contentApiRoutes(services, config, logger));
  // First, so a cached page is answered before any other middleware runs.
  app.use(renderCacheMiddleware({ cache: renderCache }));
  // Reader pages share one memory of what every page shows (sections, settings, catalogue).
  const reader = withSiteDataMemo(services);
  const loadChrome = siteChrome(reader, config.siteName);
  const chrome = () => loadChrome().catch(() => ({ siteName: config.siteName, sections: [], settings: defaultSiteSettings }));
  // Error pages offer the latest stories; a failing database must not turn a 404 into a 500.
  const latest = () => services.articles.listPublished({ sponsored: false, limit: 5 }).catch(() => []);

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
      // A response that sets its own header keeps it (the newsletter email preview has its own stricter policy).
      overwrite: false,
    }),
  );

  // Forms are refused unless the browser says they came from this site. Pages stay
  // cacheable because no per-reader token is baked into them; signed-in forms add a
  // session token on top. Mail providers' RFC 8058 one-click unsubscribes carry no
  // Origin, and their signed URL is their protection.
  const siteOrigin = new URL(config.siteUrl).origin;
  const originCheck = csrf({ origin: (origin, c) => origin === siteOrigin || origin === new URL(c.req.url).origin });
  // An Admin API call with a bearer token and no cookie is let by: a browser form cannot send an
  // Authorization header, a cross-site script cannot either without CORS (which the API does not
  // answer), and with no cookie there is no session to ride on; the API reads only the token.
  const bearerOnly = (c: Context) => c.req.path.startsWith('/api/admin/') && /^Bearer\s/i.test(c.req.header('authorization') ?? '') && !c.req.header('cookie');
  app.use((c, next) => (c.req.path.startsWith('/newsletters/unsubscribe/') || bearerOnly(c) ? next() : originCheck(c, next)));
  // Forms and JSON get 64 KB. The media upload keeps its own limit; the article editor
  // carries a whole long read's body (paragraphs of up to 20,000 characters, URL-encoded).
  app.use(
    requestBodyLimit({
      maxBytes: FORM_BODY_LIMIT,
      larger: [
        { path: /^\/admin\/media$/, maxBytes: MAX_UPLOAD_BYTES + FORM_BODY_LIMIT },
        { path: /^\/api\/admin\/media$/, maxBytes: MAX_UPLOAD_BYTES + FORM_BODY_LIMIT },
        { path: /^\/api\/admin\/articles(\/|$)/, maxBytes: 2 * 1024 * 1024 },
        { path: /^\/admin\/articles(\/|$)/, maxBytes: 2 * 1024 * 1024 },
        // A standing page's body is the same block JSON (a long privacy notice).
        { path: /^\/admin\/pages(\/|$)/, maxBytes: 2 * 1024 * 1024 },
      ],
    }),
  );

  app.route('/', operationsRoutes({ metrics, db: services.database.db, listening, metricsToken: config.metricsToken }));
  // site.css has brotli and gzip copies beside it (scripts/build-site-css.mjs): sent to browsers that accept them.
  app.use('/static/*', serveStatic({ root: publicDir, precompressed: true }));
  app.route('/', mediaRoutes(services.media));
  app.use('/media/*', serveStatic({ root: publicDir }));

  // WebFinger, NodeInfo and the ActivityPub actors, inboxes and collections (Fedify), before the reader pages.
  app.route('/', fediverseRoutes(services.fediverse, config.trustProxy));
  app.route('/', searchRoutes(reader, config));
  app.route('/', newsletterRoutes(reader, config));
  app.route('/', readerAccountRoutes(reader, config));
  app.route('/', adminRoutes(services, config));
  // The Admin API (bearer tokens, JSON) and its OpenAPI document.
  app.route('/', adminApiRoutes(services, config, logger));
  app.route('/', topicRedirectRoutes(services));
  app.route('/', manifestRoutes(config));
  app.route('/', sharePreviewRoutes(reader, config));
  app.route('/', memberRoutes(services, config));
  app.route('/', askRoutes(services, config));
  app.route('/', giftRoutes(reader, config));
  app.route('/', clickRoutes(services.linkClicks));
  app.route('/', siteRoutes(reader, config));

  app.notFound(async (c) => c.html(<ErrorPage chrome={await chrome()} status={404} latest={await latest()} />, 404));
  app.onError(async (error, c) => {
    // Middleware refusals (the CSRF origin check's 403) keep their status.
    if (error instanceof HTTPException) return error.getResponse();
    if (error instanceof BroadsheetError) {
      if (wantsJson(c)) return c.json({ error: error.message }, error.status as 400);
      return c.html(<ErrorPage chrome={await chrome()} status={error.status} message={error.message} />, error.status as 400);
    }
    logger?.error({ err: error, path: c.req.path }, 'request failed');
    return c.html(<ErrorPage chrome={await chrome()} status={500} latest={await latest()} />, 500);
  });
  return app;
}
