import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The newsroom's cookies: HttpOnly, SameSite=Lax, and on an https site Secure with the
 * `__Host-` prefix (no Domain, Path=/), so a sibling subdomain cannot plant one.
 */
export function newsroomCookies(siteUrl: string) {
  const secure = siteUrl.startsWith('https:');
  const prefix = secure ? ('host' as const) : undefined;
  const base = { httpOnly: true, sameSite: 'Lax' as const, path: '/', secure, ...(prefix ? { prefix } : {}) };
  const jar = (name: string) => ({
    name: secure ? `__Host-${name}` : name,
    get: (c: Context) => getCookie(c, name, prefix),
    set: (c: Context, value: string, maxAgeSeconds?: number) => setCookie(c, name, value, { ...base, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}) }),
    clear: (c: Context) => deleteCookie(c, name, { ...base }),
  });
  return {
    session: jar('broadsheet_session'),
    /** Double-submit token for the forms shown before there is a session (sign-in, reset). */
    loginCsrf: jar('broadsheet_login_csrf'),
  };
}

export type NewsroomCookies = ReturnType<typeof newsroomCookies>;
