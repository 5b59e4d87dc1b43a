import type { Context, MiddlewareHandler } from 'hono';
import { sameSecret } from '../accounts/tokens.js';
import type { NewsroomEnv } from './env.js';
import { CsrfRefusedPage } from './account/views.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token a request carries: the editor island's header, or a form's hidden `_csrf` field. */
async function sentToken(c: Context): Promise<string> {
  const header = c.req.header('x-csrf-token');
  if (header) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return '';
  // parseBody caches the parsed body on the request, so the route reads it again for free.
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  return typeof body._csrf === 'string' ? body._csrf : '';
}

export const refuseCsrf = (c: Context) => c.html(<CsrfRefusedPage />, 403);

/**
 * Synchronizer-token CSRF check: every state-changing request in a session must echo the
 * session's token. `expected` returns the token to compare with (the session's, or the
 * sign-in form's cookie before there is a session).
 */
export function csrfGuard(expected: (c: Context<NewsroomEnv>) => string | undefined): MiddlewareHandler<NewsroomEnv> {
  return async function csrfGuard(c, next) {
    if (safeMethods.has(c.req.method)) return next();
    const want = expected(c);
    const got = await sentToken(c);
    if (!want || !got || !sameSecret(want, got)) return refuseCsrf(c);
    await next();
  };
}
