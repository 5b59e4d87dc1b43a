import { federation as fedifyMiddleware } from '@fedify/fedify/x/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { clientAddress } from '../admin/client-address.js';
import { TooManyRequestsError } from '../limits/rate-limiter.js';
import type { FediverseService } from './fediverse-service.js';

/** Where the fediverse asks: WebFinger, NodeInfo, and the actors, inboxes, collections and objects under /ap/. */
const fediversePaths = ['/.well-known/webfinger', '/.well-known/nodeinfo', '/nodeinfo/*', '/ap/*'];

/** The shared inbox and each actor's. */
const inboxPath = /^\/ap\/(actors\/[^/]+\/)?inbox$/;

/** The host a signed request says its key is on: draft-cavage's `Signature: keyId="…"` or RFC 9421's `Signature-Input: …keyid="…"`. */
export function claimedHost(headers: Headers): string | undefined {
  const keyId = /keyid="([^"]+)"/i.exec(`${headers.get('signature') ?? ''} ${headers.get('signature-input') ?? ''}`)?.[1];
  if (!keyId || !URL.canParse(keyId)) return undefined;
  return new URL(keyId).host.toLowerCase() || undefined;
}

/**
 * Fedify's handler in front of those paths only; whatever it does not answer (a browser asking
 * for HTML) goes on to the site's own routes. The inboxes are open to anyone, so each POST is
 * counted first (by address and by claimed host, in the database like the site's other limits)
 * and refused with 429 over the limit; the app's body limit (64 KB) applies before that.
 */
export function fediverseRoutes(fediverse: FediverseService, trustProxy: string[] = []) {
  const app = new Hono();
  const addressOf = clientAddress(trustProxy);
  app.post('/ap/*', async (c, next) => {
    if (!inboxPath.test(c.req.path)) return next();
    try {
      await fediverse.admitDelivery({ address: addressOf(c), host: claimedHost(c.req.raw.headers) });
    } catch (error) {
      if (!(error instanceof TooManyRequestsError)) throw error;
      return c.text(error.message, 429, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    return next();
  });
  // Fedify loads with the first request that needs it.
  let middleware: Promise<MiddlewareHandler> | undefined;
  const handler: MiddlewareHandler = async (c, next) => {
    middleware ??= fediverse.federation().then((federation) => fedifyMiddleware(federation, () => undefined) as unknown as MiddlewareHandler);
    return (await middleware)(c, next);
  };
  for (const path of fediversePaths) app.use(path, handler);
  return app;
}
