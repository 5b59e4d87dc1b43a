import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import { clientAddress } from '../../admin/client-address.js';
import type { ContentEvents } from '../../content/events.js';
import { BroadsheetError } from '../../errors.js';
import { TooManyRequestsError, type RateLimiter } from '../../limits/rate-limiter.js';
import { matchesIfNoneMatch, strongEtag } from '../../site/cache/http.js';
import { DEFAULT_CACHE_CONTROL } from '../../site/cache/middleware.js';
import type { ApiKeyService } from '../keys/api-keys.js';
import type { ContentApiConfig, ContentApiService } from './content-api.js';
import { ResponseCache, type CachedAnswer } from './response-cache.js';

/** A missing or unknown Content API key: Ghost's 401. */
export class ContentApiKeyError extends BroadsheetError {
  override name = 'ContentApiKeyError';
  override readonly status = 401;
}

/** The Ghost version this API answers as, in Ghost's `Content-Version` header. */
const CONTENT_VERSION = 'v6.0';

/** Ghost's error types by status. */
const errorTypes: Record<number, string> = { 400: 'BadRequestError', 401: 'UnauthorizedError', 403: 'NoPermissionError', 404: 'NotFoundError', 422: 'ValidationError', 429: 'TooManyRequestsError' };

/**
 * Requests a minute one key may make from one address. A Content API key is public (it sits in
 * every reader's browser), so the limit is per key and address: one abuser is slowed without
 * shutting out the front end that owns the key, and a server rendering a site with it (one
 * address) still has room for 100 requests a second.
 */
export const CONTENT_API_REQUESTS_PER_MINUTE = 6_000;

function errorBody(message: string, type: string, context: string | null = null) {
  return { errors: [{ message, context, type, details: null, property: null, help: null, code: null, id: randomUUID() }] };
}

function asAnswer(value: unknown): CachedAnswer {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: strongEtag(body) };
}

/** JSON with a strong ETag and the pages' Cache-Control; a matching If-None-Match gets 304. */
function sendAnswer(c: Context, { body, etag }: CachedAnswer): Response {
  const headers = { etag, 'cache-control': DEFAULT_CACHE_CONTROL, 'content-version': CONTENT_VERSION };
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(body, 200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
}

/** Where an answer is kept: the path and query as sent, without the key (every key reads the same). */
function addressOf(c: Context): string {
  const url = c.req.url;
  const start = url.indexOf('?');
  if (start < 0) return c.req.path;
  const query = url
    .slice(start + 1)
    .split('&')
    .filter((part) => !part.startsWith('key='));
  return `${c.req.path}?${query.join('&')}`;
}

/**
 * `/ghost/api/content/`, Ghost's Content API: GET only (so the CSRF check has no part in it), `?key=`
 * checked and counted on every request, answers kept until content changes (its own cache, not the
 * reader's: no page tags, dropped whole on any change), CORS open to every origin
 * (Content API keys are public by design), errors as Ghost's `{ errors: [{ message, type }] }`.
 *
 * @example app.route('/ghost/api/content', contentApiRoutes({ contentApi, apiKeys }, config))
 */
export function contentApiRoutes(
  services: { contentApi: ContentApiService; apiKeys: ApiKeyService; limits: RateLimiter; events: ContentEvents },
  config: ContentApiConfig & { trustProxy?: string[] },
  logger?: Logger,
) {
  const api = services.contentApi.forSite(config);
  const clientOf = clientAddress(config.trustProxy ?? []);
  // Made on the first request: tests build many apps over one services, and each cache listens to its events.
  let kept: ResponseCache | undefined;
  /** The kept answer to this address, or `compute`'s, kept. The key and the limit are checked before, every time. */
  const cachedJson = async (c: Context, compute: () => Promise<unknown>) => {
    const answers = (kept ??= new ResponseCache(services.events));
    const address = addressOf(c);
    const generation = answers.generation;
    return sendAnswer(c, answers.get(address) ?? answers.set(address, generation, asAnswer(await compute())));
  };
  const app = new Hono();

  app.use(
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'OPTIONS'],
      allowHeaders: ['Accept-Version', 'Content-Type', 'Authorization'],
      exposeHeaders: ['Content-Version', 'ETag'],
      maxAge: 86_400,
    }),
  );
  app.use(async function contentApiKey(c, next) {
    c.header('x-content-type-options', 'nosniff');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const key = c.req.query('key');
    if (!key) throw new ContentApiKeyError('Authorization failed: send a Content API key as ?key= (make one in the newsroom under Integrations, or with broadsheet api-key add)');
    const identity = await services.apiKeys.authenticateContent(key);
    if (!identity) throw new ContentApiKeyError('Unknown Content API Key');
    // Counted in the database like the other public limits, so every process of the site shares one count.
    await services.limits.hit([{ key: `content-api:${identity.id}:${clientOf(c)}`, max: CONTENT_API_REQUESTS_PER_MINUTE, windowMs: 60_000 }], 'Too many Content API requests');
    return next();
  });

  const query = (c: Context) => c.req.query();
  // Ghost's addresses end in a slash (its client always sends one); the same without it is answered too.
  const get = (path: string, handler: (c: Context) => Promise<Response>) => app.get(path, handler).get(`${path}/`, handler);
  for (const resource of ['posts', 'pages', 'tags', 'authors'] as const) {
    get(`/${resource}`, (c) => cachedJson(c, () => api.browse(resource, query(c))));
    get(`/${resource}/slug/:slug`, (c) => cachedJson(c, () => api.read(resource, { slug: c.req.param('slug')! }, query(c))));
    get(`/${resource}/:id`, (c) => cachedJson(c, () => api.read(resource, { id: c.req.param('id')! }, query(c))));
  }
  get('/tiers', (c) => cachedJson(c, () => api.browse('tiers', query(c))));
  get('/settings', (c) => cachedJson(c, () => api.settings()));

  // A catch-all route, not notFound: a mounted app's notFound is its parent's (the reader's 404 page).
  app.all('*', (c) => c.json(errorBody(`Resource not found: ${c.req.method} ${c.req.path}`, 'NotFoundError'), 404, { 'cache-control': 'no-store' }));
  app.onError((error, c) => {
    c.header('cache-control', 'no-store');
    if (error instanceof TooManyRequestsError) c.header('retry-after', String(error.retryAfterSeconds));
    if (error instanceof BroadsheetError) {
      const type = errorTypes[error.status] ?? 'BadRequestError';
      return c.json(errorBody(error.message, type), error.status as 400);
    }
    logger?.error({ err: error, path: c.req.path }, 'content API request failed');
    return c.json(errorBody('The server could not answer this request', 'InternalServerError'), 500);
  });
  return app;
}
