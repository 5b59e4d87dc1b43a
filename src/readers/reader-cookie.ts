import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { cookieValue } from '../http/cookie-header.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The reader's session cookie: `broadsheet_reader` (`__Host-broadsheet_reader` on an https
 * site, so a sibling subdomain cannot plant one), its value the session token and an HMAC of
 * it. A forged or cut value is refused by the HMAC alone, before any database lookup.
 *
 * @example const jar = readerCookie('https://news.example.org', key); jar.open(jar.read(header))
 */
export function readerCookie(siteUrl: string, secretKey: string) {
  const secure = siteUrl.startsWith('https:');
  const name = secure ? '__Host-broadsheet_reader' : 'broadsheet_reader';
  // Its own key, derived from SECRET_KEY, so no other signed thing (a newsletter link) can pass for a cookie.
  const key = createSecretKey(createHmac('sha256', secretKey).update('reader-session-cookie').digest());
  const mac = (token: string) => createHmac('sha256', key).update(token).digest('base64url');

  return {
    name,
    secure,
    /** Hono's setCookie arguments for the cookie (the `host` prefix adds `__Host-` on https). */
    baseName: 'broadsheet_reader',
    options: { httpOnly: true, sameSite: 'Lax' as const, path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) },

    seal: (token: string) => `${token}.${mac(token)}`,

    /** The session token inside a genuine cookie value; undefined for anything forged, cut or malformed. */
    open(value: string | undefined): string | undefined {
      if (!value || value.length !== 87 || value[43] !== '.') return undefined;
      const token = value.slice(0, 43);
      if (!TOKEN.test(token)) return undefined;
      const given = Buffer.from(value.slice(44));
      const wanted = Buffer.from(mac(token));
      return given.length === wanted.length && timingSafeEqual(given, wanted) ? token : undefined;
    },

    /** This cookie's value in a Cookie header, found without parsing the header's other cookies. */
    read: (cookieHeader: string | undefined) => cookieValue(cookieHeader, name),
  };
}

export type ReaderCookie = ReturnType<typeof readerCookie>;
