import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { newToken, sameSecret } from '../accounts/tokens.js';
import { clientAddress } from '../admin/client-address.js';
import type { Config } from '../config.js';
import { isSitePath } from '../content/urls.js';
import { ValidationError } from '../errors.js';
import { TooManyRequestsError } from '../limits/rate-limiter.js';
import { siteChrome } from '../reader-ui/chrome.js';
import type { Services } from '../services.js';
import { SignInLinkError, type ReaderSession } from './reader-accounts.js';
import { AccountPage, DeletePage, MessagePage, SignInLinkPage, SignInPage, SignInSentPage } from './views/AccountPages.js';

type ReaderEnv = { Variables: { reader: ReaderSession } };

/** Form fields, with repeated checkboxes as lists. */
async function formOf(c: Context): Promise<{ one: (name: string) => string; all: (name: string) => string[] }> {
  const body = await c.req.parseBody({ all: true });
  const list = (name: string) => ([] as unknown[]).concat(body[name] ?? []).filter((v): v is string => typeof v === 'string');
  return { one: (name) => list(name)[0] ?? '', all: list };
}

/** Where a reader goes once signed in: a path on this site they came from, never another host. */
const nextPath = (value: string | undefined): string | undefined => (value && isSitePath(value) ? value : undefined);

/**
 * /account/*: sign-in by emailed link, the account page, newsletters, data download,
 * deletion and signing out. Every answer is private and never stored by a cache. The
 * forms before there is a session carry a double-submit token (a cookie and a field);
 * signed-in forms echo the session's token.
 */
export function readerAccountRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'> & Partial<Pick<Config, 'trustProxy'>>) {
  const { readerAccounts, newsletters, memberships } = services;
  const { cookie } = readerAccounts;
  const clientOf = clientAddress(config.trustProxy ?? []);
  const chrome = siteChrome(services, config.siteName);
  const formCookie = 'broadsheet_reader_form';
  const formPrefix = cookie.secure ? ('host' as const) : undefined;

  /** The pre-session form token: the cookie's, or a new one set now. */
  const formToken = (c: Context) => {
    const existing = getCookie(c, formCookie, formPrefix);
    if (existing) return existing;
    const token = newToken();
    setCookie(c, formCookie, token, { ...cookie.options });
    return token;
  };
  const formTokenHolds = async (c: Context) => {
    const want = getCookie(c, formCookie, formPrefix);
    const got = (await formOf(c)).one('_csrf');
    return !!want && !!got && sameSecret(want, got);
  };
  const refused = async (c: Context) =>
    c.html(
      <MessagePage chrome={await chrome()} title="This form has expired">
        <p>
          The page was open too long, or came from somewhere else. <a href={c.req.path}>Open it again</a> and send it once more.
        </p>
      </MessagePage>,
      403,
    );

  const privately: MiddlewareHandler = async function privateAnswers(c, next) {
    await next();
    c.header('Cache-Control', 'private, no-store');
  };

  /** Signed-in pages: the reader, or a 303 to sign-in; posts must echo the session's token. */
  const signedIn: MiddlewareHandler<ReaderEnv> = async function readerSession(c, next) {
    const reader = await readerAccounts.session(c.req.header('cookie'));
    if (!reader) return c.redirect('/account/sign-in', 303);
    if (c.req.method === 'POST') {
      const got = (await formOf(c)).one('_csrf');
      if (!got || !sameSecret(got, reader.csrfToken)) return refused(c);
    }
    c.set('reader', reader);
    await next();
  };

  const accountPage = async (c: Context<ReaderEnv>, extra: { notice?: string; nameForm?: { value: string; problem: string } } = {}, status: 200 | 422 = 200) => {
    const reader = c.var.reader;
    const account = await readerAccounts.account(reader.readerId);
    if (!account) return c.redirect('/account/sign-in', 303);
    const prefs = await newsletters.subscriptions.preferences(readerAccounts.preferencesToken(reader.readerId));
    return c.html(
      <AccountPage
        chrome={await chrome()}
        csrfToken={reader.csrfToken}
        timeZone={config.timeZone}
        account={{ readerId: account.id, email: account.email, name: account.name, claimedAt: account.claimed_at }}
        plan={await memberships.planOf(reader.readerId)}
        newsletters={prefs?.newsletters ?? []}
        {...extra}
      />,
      status,
    );
  };

  const clearSession = (c: Context) => deleteCookie(c, cookie.baseName, { ...cookie.options });

  return new Hono<ReaderEnv>()
    .use('/account', privately)
    .use('/account/*', privately)

    .get('/account/sign-in', async (c) => c.html(<SignInPage chrome={await chrome()} csrfToken={formToken(c)} form={{ next: nextPath(c.req.query('next')) }} />))

    .post('/account/sign-in', async (c) => {
      if (!(await formTokenHolds(c))) return refused(c);
      const form = await formOf(c);
      const email = form.one('email');
      const next = nextPath(form.one('next'));
      try {
        await readerAccounts.requestSignIn(email, clientOf(c), next);
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof TooManyRequestsError)) throw error;
        const problems = error instanceof ValidationError ? error.issues.map((i) => `Email address: ${i.message}`) : [error.message];
        // What was typed comes back, but never more of it than an address can be.
        const state = { email: email.slice(0, 254), problems, next };
        return c.html(<SignInPage chrome={await chrome()} csrfToken={formToken(c)} form={state} />, error.status as 422 | 429);
      }
      return c.html(<SignInSentPage chrome={await chrome()} />);
    })

    // Mail scanners fetch every link in a message: the GET only shows a button, the POST spends the link.
    .get('/account/sign-in/:token', async (c) => {
      const token = c.req.param('token');
      const link = await readerAccounts.linkFor(token);
      if (!link) return c.html(<SignInPage chrome={await chrome()} csrfToken={formToken(c)} form={{ problems: [new SignInLinkError().message] }} />, 410);
      return c.html(<SignInLinkPage chrome={await chrome()} csrfToken={formToken(c)} token={token} email={link.email} next={nextPath(c.req.query('next'))} />);
    })

    .post('/account/sign-in/:token', async (c) => {
      if (!(await formTokenHolds(c))) return refused(c);
      try {
        const session = await readerAccounts.signIn(c.req.param('token'));
        setCookie(c, cookie.baseName, session.cookieValue, { ...cookie.options, maxAge: session.maxAgeSeconds });
        return c.redirect(nextPath((await formOf(c)).one('next')) ?? '/account', 303);
      } catch (error) {
        if (!(error instanceof SignInLinkError)) throw error;
        return c.html(<SignInPage chrome={await chrome()} csrfToken={formToken(c)} form={{ problems: [error.message] }} />, 410);
      }
    })

    .get('/account', signedIn, (c) => accountPage(c))

    .post('/account/name', signedIn, async (c) => {
      const name = (await formOf(c)).one('name');
      try {
        await readerAccounts.rename(c.var.reader.readerId, name);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return accountPage(c, { nameForm: { value: name.slice(0, 200), problem: error.issues[0]?.message ?? error.message } }, 422);
      }
      return accountPage(c, { notice: 'Your name is saved.' });
    })

    .post('/account/newsletters', signedIn, async (c) => {
      const chosen = (await formOf(c)).all('newsletter');
      await newsletters.subscriptions.updatePreferences(readerAccounts.preferencesToken(c.var.reader.readerId), chosen);
      return accountPage(c, { notice: 'Your newsletters are saved.' });
    })

    .get('/account/data', signedIn, async (c) => {
      const data = await readerAccounts.exportData(c.var.reader.readerId);
      c.header('Content-Disposition', 'attachment; filename="my-account-data.json"');
      return c.json(data);
    })

    .get('/account/delete', signedIn, async (c) => c.html(<DeletePage chrome={await chrome()} csrfToken={c.var.reader.csrfToken} email={c.var.reader.email} />))

    .post('/account/delete', signedIn, async (c) => {
      await readerAccounts.deleteAccount(c.var.reader.readerId);
      clearSession(c);
      return c.html(
        <MessagePage chrome={await chrome()} title="Your account is deleted">
          <p>Your address, name and newsletter subscriptions are gone, and you are signed out everywhere. Thank you for reading.</p>
        </MessagePage>,
      );
    })

    .post('/account/sign-out', signedIn, async (c) => {
      await readerAccounts.signOut(c.req.header('cookie'));
      clearSession(c);
      return c.redirect('/', 303);
    });
}
