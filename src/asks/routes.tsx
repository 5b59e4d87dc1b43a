import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { clientAddress } from '../admin/client-address.js';
import type { Config } from '../config.js';
import { ValidationError } from '../errors.js';
import { TooManyRequestsError } from '../limits/rate-limiter.js';
import { siteChrome } from '../reader-ui/chrome.js';
import type { Services } from '../services.js';
import { ASK_COUNT_COOKIE, ASK_COUNT_OFF } from './ask-state.js';
import { RemindPage } from './RemindForm.js';

/** A year: the setting outlives the meter's month; a reader can clear it with their cookies. */
const COUNT_OFF_MAX_AGE = 365 * 86_400;
/** An address and a little more: a reminder form never needs more. */
const REMIND_BODY_LIMIT = 2048;

/** Where to go back to: the page the form was on when it names a path on this site (never another site: `//x` or `/\\x`), else the front page. */
const backTo = (back: unknown) => (typeof back === 'string' && /^\/(?![/\\])/.test(back) && back.length <= 2048 ? back : '/');

/**
 * The honest asks' reader routes, plain forms that work without script (the site's Origin check
 * guards them): "Don't show my count" and "Remind me later".
 */
export function askRoutes(services: Services, config: Pick<Config, 'siteUrl' | 'siteName'> & Partial<Pick<Config, 'trustProxy'>>) {
  const secure = config.siteUrl.startsWith('https:') ? '; Secure' : '';
  const chrome = siteChrome(services, config.siteName);
  const clientOf = clientAddress(config.trustProxy ?? []);
  return new Hono()
    .post('/asks/count', async (c) => {
      const form = await c.req.parseBody();
      c.header('set-cookie', `${ASK_COUNT_COOKIE}=${ASK_COUNT_OFF}; Path=/; Max-Age=${COUNT_OFF_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`);
      return c.redirect(backTo(form.back), 303);
    })
    .post(
      '/asks/remind',
      bodyLimit({ maxSize: REMIND_BODY_LIMIT, onError: (c) => c.text('A reminder needs only an email address', 413) }),
      async (c) => {
        const form = await c.req.parseBody();
        const email = typeof form.email === 'string' ? form.email : '';
        try {
          const { dueAt } = await services.askReminders.request(email, { clientAddress: clientOf(c) });
          return c.html(<RemindPage chrome={await chrome()} dueAt={dueAt} />);
        } catch (error) {
          if (!(error instanceof ValidationError || error instanceof TooManyRequestsError)) throw error;
          if (error instanceof TooManyRequestsError) c.header('Retry-After', String(error.retryAfterSeconds));
          const problem = error instanceof ValidationError ? (error.issues[0]?.message ?? error.message) : `${error.message}.`;
          return c.html(<RemindPage chrome={await chrome()} email={email.slice(0, 254)} problem={problem} />, error.status);
        }
      },
    );
}
