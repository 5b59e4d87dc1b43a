import type { MiddlewareHandler } from 'hono';
import type { AccountService } from '../accounts/account-service.js';
import type { NewsroomEnv } from './env.js';
import type { NewsroomCookies } from './session-cookie.js';

/** The pages a person without a session may open. */
export const isPublicAdminPath = (path: string) => path === '/admin/login' || path === '/admin/forgot' || path.startsWith('/admin/reset/');

/**
 * Only a path inside the newsroom may be a post-sign-in destination (no open redirects), and
 * only in printable ASCII, as the sign-in redirect sends it: a control character would break
 * the Location header (and a path from `new URL` never has anything else).
 */
export const safeNext = (next: string | undefined) =>
  next && /^\/admin(\/|$|\?)[\x21-\x7e]*$/.test(next) && !next.includes('//') && !next.includes('\\') ? next : '/admin/articles';

/**
 * Resolves the session cookie to `c.var.user` and `c.var.csrfToken`, or sends the
 * browser to the sign-in page with where it wanted to go.
 */
export function requireSession(accounts: AccountService, cookies: NewsroomCookies): MiddlewareHandler<NewsroomEnv> {
  return async function requireSession(c, next) {
    if (isPublicAdminPath(c.req.path)) return next();
    const token = cookies.session.get(c);
    const session = token ? await accounts.sessions.resolve(token) : undefined;
    if (!session) {
      if (token) cookies.session.clear(c);
      // The editor island's autosave needs an answer it can show, not a sign-in page.
      if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ error: 'Your session has ended: sign in again in another tab, then save' }, 401);
      const url = new URL(c.req.url);
      const wanted = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/admin/articles';
      return c.redirect(`/admin/login?next=${encodeURIComponent(wanted)}`, 303);
    }
    c.set('user', session.user);
    c.set('csrfToken', session.csrfToken);
    c.set('sessionToken', token!);
    c.header('Cache-Control', 'private, no-store');
    await next();
  };
}
