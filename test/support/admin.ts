import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import type { Role, User } from '../../src/accounts/users.js';
import type { Actor } from '../../src/content/article-policy.js';
import type { Services } from '../../src/services.js';

/** The app's config in admin tests; requests carry this origin, as a browser on the site would. */
export const adminTestConfig = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };
export const testPassword = 'correct horse battery staple';

/** The whole application (createApp) with the test config: what a browser would talk to. */
export const createAdminTestApp = (services: Services) => createApp({ services, config: adminTestConfig });

type App = Pick<Hono, 'request'>;

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  user: User;
  /** The account as the services' role checks take it. */
  actor: Actor;
  email: string;
}

let counter = 0;

/** `name=value` pairs of a response's Set-Cookie headers, joined for a Cookie header. */
export const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');

/** Opens the sign-in page and returns its form token and cookie. */
export async function loginForm(app: App): Promise<{ cookie: string; csrfToken: string }> {
  const res = await app.request('/admin/login');
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  return { cookie: cookiesOf(res), csrfToken };
}

/** Submits the sign-in form as a browser would; `headers`/`env` let a test vary the request. */
export async function submitLogin(app: App, email: string, password: string, env?: unknown): Promise<Response> {
  const form = await loginForm(app);
  const body = new URLSearchParams({ _csrf: form.csrfToken, email, password });
  return (app.request as (path: string, init: RequestInit, env?: unknown) => Promise<Response>)(
    '/admin/login',
    { method: 'POST', body, headers: { cookie: form.cookie, origin: adminTestConfig.siteUrl } },
    env,
  );
}

/**
 * Creates an account with `role` and signs it in through the real sign-in form.
 *
 * @example const editor = await signIn(app, services, 'editor'); await adminPost(app, editor, '/admin/topics', { name: 'Trade' });
 */
export async function signIn(app: App, services: Services, role: Role, options: { authorId?: number | null } = {}): Promise<SignedIn> {
  counter++;
  const email = `${role}-${counter}-${process.pid}@newsroom.test`;
  const added = await services.users.add({ email, name: `Test ${role} ${counter}`, role, password: testPassword });
  if (options.authorId) await services.database.db.updateTable('users').set({ author_id: options.authorId }).where('id', '=', added.id).execute();
  const res = await submitLogin(app, email, testPassword);
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}: ${await res.text()}`);
  const cookie = cookiesOf(res);
  const token = /broadsheet_session=([^;]+)/.exec(cookie)?.[1] ?? '';
  const session = await services.accounts.sessions.resolve(token);
  if (!session) throw new Error('no session after sign-in');
  const user = (await services.users.get(added.id))!;
  return { cookie, csrfToken: session.csrfToken, user, actor: { id: user.id, role, author_id: user.author_id }, email };
}

/** A signed-in GET. */
export const adminGet = (app: App, who: Pick<SignedIn, 'cookie'>, path: string) => app.request(path, { headers: { cookie: who.cookie } });

/** A signed-in form post carrying the session's CSRF token (unless `csrf` is given, '' for none). */
export function adminPost(app: App, who: Pick<SignedIn, 'cookie' | 'csrfToken'>, path: string, fields: Record<string, string | number> = {}, csrf = who.csrfToken) {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  if (csrf) body.set('_csrf', csrf);
  return app.request(path, { method: 'POST', body, headers: { cookie: who.cookie, origin: adminTestConfig.siteUrl } });
}

/** A signed-in multipart post with one file (and any other fields), as a browser sends an upload form. */
export function adminUpload(
  app: App,
  who: Pick<SignedIn, 'cookie' | 'csrfToken'>,
  path: string,
  field: string,
  file: { name: string; type: string; content: string | Uint8Array<ArrayBuffer> },
  fields: Record<string, string> = {},
) {
  const body = new FormData();
  body.set('_csrf', who.csrfToken);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  body.set(field, new File([file.content], file.name, { type: file.type }));
  return app.request(path, { method: 'POST', body, headers: { cookie: who.cookie, origin: adminTestConfig.siteUrl } });
}

/**
 * Signs a reader (a `subscribers` row) in as their emailed link would, and answers the Cookie
 * header their browser would send and the session's form token.
 */
export async function signInReader(services: Services, readerId: number): Promise<{ cookie: string; csrfToken: string }> {
  const { newToken, tokenHash } = await import('../../src/accounts/tokens.js');
  const token = newToken();
  const at = new Date().toISOString();
  await services.database.db
    .insertInto('reader_sign_in_links')
    .values({ subscriber_id: readerId, token_hash: tokenHash(token), expires_at: new Date(Date.now() + 600_000).toISOString(), used_at: null, created_at: at })
    .execute();
  const { cookieValue } = await services.readerAccounts.signIn(token);
  const cookie = `${services.readerAccounts.cookie.name}=${cookieValue}`;
  const session = await services.readerAccounts.session(cookie);
  if (!session) throw new Error('no reader session after sign-in');
  return { cookie, csrfToken: session.csrfToken };
}
