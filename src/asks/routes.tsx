import { Hono } from 'hono';
import type { Config } from '../config.js';
import { ASK_COUNT_COOKIE, ASK_COUNT_OFF } from './ask-state.js';

/** A year: the setting outlives the meter's month; a reader can clear it with their cookies. */
const COUNT_OFF_MAX_AGE = 365 * 86_400;

/** Where to go back to: the page the reader was on when it is this site's, else the front page. */
function backTo(referer: string | undefined, siteUrl: string): string {
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.origin === new URL(siteUrl).origin ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

/** The honest asks' reader routes: "Don't show my count" (a plain form: works without script; the site's Origin check guards it). */
export function askRoutes(config: Pick<Config, 'siteUrl'>) {
  const secure = config.siteUrl.startsWith('https:') ? '; Secure' : '';
  return new Hono().post('/asks/count', (c) => {
    c.header('set-cookie', `${ASK_COUNT_COOKIE}=${ASK_COUNT_OFF}; Path=/; Max-Age=${COUNT_OFF_MAX_AGE}; HttpOnly; SameSite=Lax${secure}`);
    return c.redirect(backTo(c.req.header('referer'), config.siteUrl), 303);
  });
}
