import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { fillAsks, spliceAsks } from '../../asks/ask-slot.js';
import type { AskStates } from '../../asks/ask-state.js';
import { READER_COOKIES } from '../../access/standing.js';
import { carriesCookie } from '../../http/cookie-header.js';
import { strongEtag } from './http.js';
import { answerHead, chooseForm, lookup, signedInHeaders, type HeaderReader } from './lookup.js';
import { formKey, type CachedPage, type RenderCache } from './render-cache.js';
import { PERSONAL_CACHE_CONTROL } from '../../http/cache-control.js';
import { declaredCache, type CacheDeclaration } from '../../reader-ui/cache-tags.js';

export const DEFAULT_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/** Headers a 304 repeats (RFC 9110 §15.4.5); the body's own headers stay out. */
const NOT_MODIFIED_HEADERS = new Set(['etag', 'cache-control', 'surrogate-key', 'vary', 'content-location', 'expires']);

/**
 * Serves reader pages from memory inside the Hono app. Install it FIRST so a hit skips
 * every other middleware: the stored headers already hold what they added (security
 * headers). A miss runs the route; if the route called `cachePage(c, tags)` and answered
 * 200 without setting a cookie, the bytes are stored with a strong ETag, Cache-Control
 * and a Surrogate-Key header listing the tags. Requests carrying a cookie or credentials
 * are neither served from nor stored in the cache: a signed-in page may differ per person.
 * The meter cookie is the exception (it holds no identity), and an article behind the meter
 * is kept in each of its forms (`cacheForm`), one chosen per request by `cache.gate`. A
 * signed-in reader is served the stored pages everyone gets (a route that calls cachePage
 * renders nothing of the reader), their asks filled and the answer private, and what they
 * render of such a page is stored for everyone.
 *
 * @example app.use(renderCacheMiddleware({ cache: new RenderCache() }))
 */
export function renderCacheMiddleware({ cache, cacheControl = DEFAULT_CACHE_CONTROL }: { cache: RenderCache; cacheControl?: string }): MiddlewareHandler {
  return async function renderCache(c, next) {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const header: HeaderReader = incoming ? (name) => incoming.headers[name] : (name) => c.req.header(name);
    const url = c.req.url;
    const target = incoming?.url ?? url.slice(url.indexOf('/', url.indexOf('//') + 2));
    if (cache.busy) await cache.settled();
    const found = lookup(cache, target, header);
    const chosen = await chooseForm(cache, found, target, c.req.header('cookie'));
    if (chosen) {
      const { status, headers, body } = answerHead(chosen.page, header('if-none-match'), chosen.headers, chosen.ask);
      return new Response(body, { status, headers });
    }

    const epoch = cache.epoch;
    await next();
    const res = c.res;
    const declared = declaredCache(c);
    const form = declared?.form;
    const storable = declared !== undefined && res.status === 200 && !res.headers.has('set-cookie');
    // A signed-in reader's render of a cacheable page is everyone's page (its route reads nothing
    // of them, its asks are filled when answered), kept for every later reader; so is a form,
    // such as the full form of a members-only article that anonymous readers never get.
    if ((found.bypass && !(found.reader && storable)) || res.status >= 400) {
      if (!res.headers.has('cache-control')) res.headers.set('cache-control', res.status >= 400 ? 'no-store' : 'private, no-store');
      if (form && res.status < 400) for (const [name, value] of Object.entries(form.headers)) res.headers.append(name, value);
      if (cache.asks && res.status < 400 && !c.req.path.startsWith('/admin') && carriesCookie(c.req.header('cookie'), READER_COOKIES)) await fillRenderedAsks(c, cache.asks);
      return;
    }
    if (!storable) return;
    const page = await toPage(res, declared, form ? PERSONAL_CACHE_CONTROL : cacheControl, found.key);
    cache.set(form ? formKey(found.key, form.name) : found.key, page, epoch);
    const ask = page.asks && cache.asks ? await cache.asks.of(c.req.header('cookie')) : undefined;
    const { status, headers, body } = answerHead(page, header('if-none-match'), form?.headers ?? signedInHeaders(found), ask);
    c.res = undefined;
    c.res = new Response(body, { status, headers });
  };
}

async function toPage(res: Response, { tags, pageOf, form }: CacheDeclaration, cacheControl: string, key: string): Promise<CachedPage> {
  // A Buffer, not a bare Uint8Array: node:http would wrap a Uint8Array in a Buffer at every answer.
  const body = Buffer.from(await res.arrayBuffer());
  const etag = strongEtag(body);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  Object.assign(headers, { etag, 'cache-control': cacheControl, 'surrogate-key': tags.join(' '), 'content-length': String(body.byteLength) });
  const notModifiedHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => NOT_MODIFIED_HEADERS.has(name)));
  const asks = spliceAsks(body, key);
  return { status: res.status, body, etag, tags, pageOf, headers, notModifiedHeaders, ...(form ? { access: form.access } : {}), ...(asks ? { asks } : {}) };
}

/** A page rendered for one signed-in reader and not stored: its asks are filled here, as a stored page's would be. */
async function fillRenderedAsks(c: Context, asks: AskStates) {
  const res = c.res;
  if (!res.headers.get('content-type')?.startsWith('text/html') || !res.body) return;
  const html = await res.text();
  const url = new URL(c.req.url);
  const filled = fillAsks(html, await asks.of(c.req.header('cookie')), `${url.pathname}${url.search}`);
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  c.res = undefined;
  c.res = new Response(filled, { status: res.status, headers });
}
