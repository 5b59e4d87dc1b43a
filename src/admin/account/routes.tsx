import { Hono, type Context } from 'hono';
import { LoginError } from '../../accounts/account-service.js';
import { TooManyAttemptsError } from '../../accounts/login-throttle.js';
import { newToken } from '../../accounts/tokens.js';
import { ValidationError } from '../../errors.js';
import { refusalOf, type Refusal } from '../manage/refusal.js';
import type { Services } from '../../services.js';
import type { NewsroomEnv } from '../env.js';
import type { NewsroomCookies } from '../session-cookie.js';
import { safeNext } from '../session-middleware.js';
import { AccountPage, ForgotPage, LoginPage, ResetPage } from './views.js';

type Form = Record<string, string>;

/** Sign-in, sign-out, password reset and the account page; `clientIp` names who is signing in, for the limits. */
export function accountRoutes(services: Services, cookies: NewsroomCookies, clientIp: (c: Context) => string) {
  const { accounts } = services;
  const app = new Hono<NewsroomEnv>();

  /** The pre-session form token: reuse the cookie's, or set a new one. */
  const formToken = (c: Context) => {
    const existing = cookies.loginCsrf.get(c);
    if (existing) return existing;
    const token = newToken();
    cookies.loginCsrf.set(c, token);
    return token;
  };

  app.get('/admin/login', (c) => {
    const notice = c.req.query('reset') ? 'Your password is changed. Sign in with the new one.' : undefined;
    return c.html(<LoginPage csrfToken={formToken(c)} next={safeNext(c.req.query('next'))} notice={notice} />);
  });

  app.post('/admin/login', async (c) => {
    const { email = '', password = '' } = (await c.req.parseBody()) as Form;
    const next = safeNext(c.req.query('next'));
    try {
      const session = await accounts.login(email, password, clientIp(c));
      cookies.session.set(c, session.token, Math.floor((Date.parse(session.expiresAt) - Date.now()) / 1000));
      return c.redirect(next, 303);
    } catch (error) {
      if (!(error instanceof LoginError || error instanceof TooManyAttemptsError)) throw error;
      return c.html(<LoginPage csrfToken={formToken(c)} next={next} email={email} error={error.message} />, error.status as 401);
    }
  });

  app.get('/admin/forgot', (c) => c.html(<ForgotPage csrfToken={formToken(c)} />));

  // One answer for every request: whether an email goes, and to whom, is decided after it.
  app.post('/admin/forgot', async (c) => {
    const { email = '' } = (await c.req.parseBody()) as Form;
    accounts.requestPasswordReset(email, clientIp(c));
    return c.html(<ForgotPage csrfToken={formToken(c)} sent />);
  });

  app.get('/admin/reset/:token', async (c) => {
    const token = c.req.param('token');
    return c.html(<ResetPage csrfToken={formToken(c)} action={`/admin/reset/${encodeURIComponent(token)}`} valid={await accounts.resetLinkValid(token)} />);
  });

  app.post('/admin/reset/:token', async (c) => {
    const token = c.req.param('token');
    const { password = '', confirm = '' } = (await c.req.parseBody()) as Form;
    const again = (refusal: Refusal, valid = true) =>
      c.html(<ResetPage csrfToken={formToken(c)} action={`/admin/reset/${encodeURIComponent(token)}`} valid={valid} refusal={refusal} />, 422);
    if (password !== confirm) return again({ message: 'Nothing was changed', fields: { confirm: 'The two passwords differ: type the same new password twice' } });
    try {
      await accounts.resetPassword(token, password);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return again(refusalOf(error), await accounts.resetLinkValid(token));
    }
    return c.redirect('/admin/login?reset=1', 303);
  });

  app.post('/admin/logout', async (c) => {
    await accounts.logout(c.var.sessionToken);
    cookies.session.clear(c);
    return c.redirect('/admin/login', 303);
  });

  app.post('/admin/logout-everywhere', async (c) => {
    await accounts.signOutEverywhere(c.var.user.id);
    cookies.session.clear(c);
    return c.redirect('/admin/login', 303);
  });

  app.get('/admin/account', async (c) =>
    c.html(<AccountPage csrfToken={c.var.csrfToken} email={c.var.user.email} role={c.var.user.role} sessions={await accounts.sessions.countFor(c.var.user.id)} />),
  );

  return app;
}
