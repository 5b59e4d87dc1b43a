import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { clientAddress } from '../admin/client-address.js';
import type { Config } from '../config.js';
import { ValidationError } from '../errors.js';
import { readJsonBody } from '../http/json-body.js';
import { TooManyRequestsError } from '../limits/rate-limiter.js';
import type { Services } from '../services.js';
import { pageTags } from '../reader-ui/page-tags.js';
import { cachePage } from '../reader-ui/cache-tags.js';
import { siteChrome } from '../reader-ui/chrome.js';
import { ArchivePage, CataloguePage, ConfirmPage, IssuePage, MessagePage, PreferencesPage, UnsubscribePage } from './pages/NewsletterPages.js';
import { openToSignup } from './audience.js';
import { FROM_ARTICLE_FIELD, sourceArticleOf } from '../analytics/links/source-article.js';

const bounceInput = z.object({
  email: z.string(),
  type: z.enum(['bounce', 'complaint']),
  detail: z.string().max(500).optional(),
});

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');

/** Form fields as lists: checkboxes named `newsletter` repeat. */
async function formOf(c: Context): Promise<{ one: (name: string) => string; all: (name: string) => string[] }> {
  const body = await c.req.parseBody({ all: true });
  const list = (name: string) => ([] as unknown[]).concat(body[name] ?? []).filter((v): v is string => typeof v === 'string');
  return { one: (name) => list(name)[0] ?? '', all: list };
}

/**
 * /newsletters/*: the catalogue and signup, confirmation, preferences, one-click
 * unsubscribe (RFC 8058, exempt from the origin check in app.tsx), the bounce
 * webhook and the archive of sent issues. Logic lives in the services.
 */
export function newsletterRoutes(services: Services, config: Pick<Config, 'siteName' | 'timeZone'> & Partial<Pick<Config, 'trustProxy'>>) {
  const { newsletters } = services;
  const clientOf = clientAddress(config.trustProxy ?? []);
  const { subscriptions, issues } = newsletters;
  const chrome = siteChrome(services, config.siteName);
  const badLink = async (c: Context) =>
    c.html(
      <MessagePage chrome={await chrome()} title="This link does not work">
        <p>
          The link may have been cut short by your email program. Try copying the whole address from the email, or <a href="/newsletters">sign up again</a>.
        </p>
      </MessagePage>,
      404,
    );

  return new Hono()
    .get('/newsletters', async (c) => {
      cachePage(c, ...pageTags.newsletters());
      return c.html(<CataloguePage chrome={await chrome()} newsletters={openToSignup(await newsletters.list())} />);
    })

    .post('/newsletters/subscribe', async (c) => {
      const form = await formOf(c);
      const input = { email: form.one('email'), newsletters: form.all('newsletter') };
      // The signup box on an article page names its article, for the newsroom's analytics.
      const fromArticle = sourceArticleOf(form.one(FROM_ARTICLE_FIELD));
      try {
        await subscriptions.signup(input, { clientAddress: clientOf(c), sourceArticleId: fromArticle });
      } catch (error) {
        if (!(error instanceof ValidationError || error instanceof TooManyRequestsError)) throw error;
        // Too many signups from one network: the form comes back with the typing in it and when to try again.
        if (error instanceof TooManyRequestsError) c.header('Retry-After', String(error.retryAfterSeconds));
        const problems =
          error instanceof ValidationError ? error.issues.map((i) => (i.path.startsWith('newsletter') ? `Newsletters: ${i.message}` : `Email address: ${i.message}`)) : [`${error.message}.`];
        if (wantsJson(c)) return c.json({ error: error.message, ...(error instanceof ValidationError ? { issues: error.issues } : {}) }, error.status);
        return c.html(
          // What was typed comes back, but never more of it than an address can be.
          <CataloguePage chrome={await chrome()} newsletters={openToSignup(await newsletters.list())} form={{ email: input.email.slice(0, 254), ticked: input.newsletters, problems, fromArticle }} />,
          error.status,
        );
      }
      const message = 'Check your inbox: we have sent you an email with a link to confirm your signup.';
      if (wantsJson(c)) return c.json({ ok: true, message });
      return c.html(
        <MessagePage chrome={await chrome()} title="Check your inbox">
          <p>{message}</p>
          <p>Nothing will be sent until you confirm. If the email does not arrive, look in your spam folder.</p>
        </MessagePage>,
      );
    })

    // Mail scanners fetch every link in a message: the GET only shows a button, the POST confirms.
    .get('/newsletters/confirm/:token', async (c) => {
      const token = c.req.param('token');
      const pending = await subscriptions.confirmation(token);
      if (!pending) return badLink(c);
      return c.html(<ConfirmPage chrome={await chrome()} token={token} email={pending.email} newsletters={pending.newsletters.map((n) => n.name)} />);
    })

    .post('/newsletters/confirm/:token', async (c) => {
      const result = await subscriptions.confirm(c.req.param('token'));
      if (!result) return badLink(c);
      return c.html(
        <MessagePage chrome={await chrome()} title="You are signed up">
          <p>
            Thank you. <strong>{result.email}</strong> will receive:
          </p>
          <ul>
            {result.newsletters.map((n) => (
              <li>{n.name}</li>
            ))}
          </ul>
          <p>
            <a href={`/newsletters/preferences/${result.preferencesToken}`}>Manage your newsletters</a>
          </p>
        </MessagePage>,
      );
    })

    .get('/newsletters/preferences/:token', async (c) => {
      const token = c.req.param('token');
      const view = await subscriptions.preferences(token);
      if (!view) return badLink(c);
      return c.html(<PreferencesPage chrome={await chrome()} view={view} token={token} />);
    })

    .post('/newsletters/preferences/:token', async (c) => {
      const token = c.req.param('token');
      const form = await formOf(c);
      const chosen = form.one('action') === 'leave-all' ? [] : form.all('newsletter');
      const view = await subscriptions.updatePreferences(token, chosen);
      if (!view) return badLink(c);
      return c.html(<PreferencesPage chrome={await chrome()} view={view} token={token} saved />);
    })

    .get('/newsletters/unsubscribe/:token', async (c) => {
      const token = c.req.param('token');
      const claims = newsletters.tokens.verify(token, 'unsubscribe');
      const newsletter = claims && (await newsletters.list()).find((n) => n.id === Number(claims.data));
      if (!newsletter) return badLink(c);
      return c.html(<UnsubscribePage chrome={await chrome()} token={token} newsletter={newsletter.name} />);
    })

    // RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click` with no cookie and
    // no Origin; the signed token is the whole authority, and no confirmation follows.
    .post('/newsletters/unsubscribe/:token', async (c) => {
      const result = await subscriptions.unsubscribe(c.req.param('token'));
      if (!result) return badLink(c);
      return c.html(
        <MessagePage chrome={await chrome()} title="You are unsubscribed">
          <p>
            <strong>{result.email}</strong> will no longer receive {result.newsletter?.name ?? 'this newsletter'}.
          </p>
          <p>
            <a href={`/newsletters/preferences/${result.preferencesToken}`}>Manage your other newsletters</a>
          </p>
        </MessagePage>,
      );
    })

    .post('/newsletters/bounces', async (c) => {
      const presented = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
      if (!newsletters.tokens.checkWebhookToken(presented)) return c.json({ error: 'missing or wrong bearer token' }, 401);
      let body: unknown;
      try {
        body = await readJsonBody(c);
      } catch (error) {
        if (error instanceof ValidationError) return c.json({ error: error.message }, 422);
        throw error;
      }
      const parsed = bounceInput.safeParse(body);
      if (!parsed.success) return c.json({ error: 'expected JSON {"email", "type": "bounce"|"complaint", "detail"?}' }, 422);
      try {
        const email = await subscriptions.suppress(parsed.data.email, parsed.data.type, parsed.data.detail);
        return c.json({ ok: true, suppressed: email });
      } catch (error) {
        if (error instanceof ValidationError) return c.json({ error: error.message }, 422);
        throw error;
      }
    })

    .get('/newsletters/:slug', async (c) => {
      const newsletter = await newsletters.find(c.req.param('slug'));
      if (!newsletter) return c.notFound();
      const sent = await issues.list(newsletter.id, ['sent']);
      cachePage(c, ...pageTags.newsletter(newsletter));
      return c.html(<ArchivePage chrome={await chrome()} newsletter={newsletter} issues={sent} timeZone={config.timeZone} />);
    })

    .get('/newsletters/:slug/:id{[0-9]{1,9}}', async (c) => {
      const newsletter = await newsletters.find(c.req.param('slug'));
      const issue = newsletter && (await issues.get(Number(c.req.param('id'))));
      if (!newsletter || !issue || issue.newsletterId !== newsletter.id || issue.status !== 'sent') return c.notFound();
      cachePage(c, ...pageTags.newsletter(newsletter));
      return c.html(<IssuePage chrome={await chrome()} newsletter={newsletter} issue={issue} timeZone={config.timeZone} />);
    });
}
