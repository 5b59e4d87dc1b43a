import { accessService } from '../../src/access/access-service.js';
import { createApp } from '../../src/app.js';
import type { Database } from '../../src/db/connection.js';
import type { Services } from '../../src/services.js';
import { RenderCache } from '../../src/site/cache/render-cache.js';

export const meteredAppConfig = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };
/** The access service's signing key in these apps, for tests that write a meter cookie themselves. */
export const meteredAppSecretKey = 'a test secret key that is long enough to sign with';

/** The reader-accounts and memberships sides of the access contract, as a reader cookie `broadsheet_reader=reader-<id>` names them; `members` are members. */
export function standingStubs(members: Set<number>) {
  return {
    readerAccounts: {
      identify: async (cookie: string | undefined) => {
        const id = /broadsheet_reader=reader-(\d+)/.exec(cookie ?? '')?.[1];
        return id ? { readerId: Number(id), email: `reader-${id}@example.org` } : null;
      },
    },
    memberships: { standingOf: async (readerId: number) => (members.has(readerId) ? ('member' as const) : ('registered' as const)) },
  };
}

/**
 * The reader site over `services` with a real access service (meter, walls, gifts) whose
 * readers' standing comes from standingStubs(members), and `get` to read a page as a cookie.
 */
export function meteredApp({ services, database }: { services: Services; database: Database }, members: Set<number>) {
  const access = accessService(database, { secretKey: meteredAppSecretKey, timeZone: meteredAppConfig.timeZone, siteUrl: meteredAppConfig.siteUrl }, {
    settings: services.settings,
    events: services.events,
    standing: { staffSessions: services.accounts.sessions, ...standingStubs(members) },
  });
  const withAccess: Services = { ...services, access };
  const cache = new RenderCache();
  const app = createApp({ services: withAccess, config: meteredAppConfig, renderCache: cache });
  const get = async (path: string, cookie?: string) => {
    const res = await app.request(path, cookie ? { headers: { cookie } } : {});
    return { res, html: await res.text() };
  };
  return { services: withAccess, access, app, cache, get };
}
