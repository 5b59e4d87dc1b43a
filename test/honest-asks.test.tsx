import { expect, it } from 'vitest';
import { accessService } from '../src/access/access-service.js';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import type { Services } from '../src/services.js';
import { defaultSiteSettings } from '../src/settings/site-settings.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { startTestServer } from './support/browser.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const config = { siteName: 'Test Gazette', timeZone: 'Europe/London', siteUrl: 'http://localhost' };
const secretKey = 'a test secret key that is long enough to sign with';
const admin = { id: 1, role: 'admin' as const, author_id: null };
const body = [b.p('Opening paragraph.'), b.p('Second paragraph.'), b.p('Third paragraph.'), b.p('Fourth paragraph.')];

/** Reader accounts and memberships as a cookie `broadsheet_reader=reader-<id>` names them; `members` are members. */
function standingStubs(members: Set<number>) {
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

const countOf = (html: string) => [...html.matchAll(/You've read (\d+) articles? this month/g)].map((m) => Number(m[1]));

describeEachDatabase('honest asks', (fixture) => {
  const setup = async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    await services.settings.save(admin, { ...defaultSiteSettings, meterFreeArticles: 3, meterRegisteredArticles: 2 });
    const free = await publishedArticle(services, { headline: 'Free for all', body });
    const metered = [];
    for (let i = 0; i < 3; i++) metered.push(await publishedArticle(services, { headline: `Metered story ${i}`, body, access: 'registered' }));
    const access = accessService(database, { secretKey, timeZone: config.timeZone, siteUrl: config.siteUrl }, {
      settings: services.settings,
      events: services.events,
      standing: { staffSessions: services.accounts.sessions, ...standingStubs(new Set([7])) },
    });
    const withAccess: Services = { ...services, access };
    const cache = new RenderCache();
    const app = createApp({ services: withAccess, config, renderCache: cache });
    const get = async (path: string, cookie?: string) => {
      const res = await app.request(path, cookie ? { headers: { cookie } } : {});
      return { res, html: await res.text() };
    };
    /** Reads metered articles as one browser and returns its meter cookie. */
    const readMetered = async (n: number) => {
      let meter = '';
      for (const article of metered.slice(0, n)) {
        const { res } = await get(article.path, meter || undefined);
        meter = res.headers.getSetCookie().find((c) => c.startsWith('broadsheet_meter='))?.split(';')[0] ?? meter;
      }
      return meter;
    };
    return { app, cache, get, free, metered, readMetered };
  };
  let ctx: Awaited<ReturnType<typeof setup>>;

  it("shows a reader their own count from the meter cookie, in the prompt and at the article's foot, from the cached page", async () => {
    ctx = await setup();
    const plain = await ctx.get(ctx.free.path);
    expect(countOf(plain.html)).toEqual([]);
    expect(plain.html).toContain('Reporting like this is paid for by its readers.');
    const cached = ctx.cache.size;

    const meter = await ctx.readMetered(2);
    const counted = await ctx.get(ctx.free.path, meter);
    expect(counted.res.status).toBe(200);
    expect(countOf(counted.html)).toEqual([2, 2]);
    expect(counted.html).toContain("Don't show my count");
    expect(counted.html).not.toContain('<!--ask');
    // The same cached page, filled: nothing new rendered or stored for this reader.
    expect(ctx.cache.size).toBe(cached + 2);
    expect(counted.res.headers.get('content-length')).toBe(String(Buffer.byteLength(counted.html)));
    // The ETag follows the count, so a browser's copy is not reused when the count moves.
    const etag = counted.res.headers.get('etag')!;
    expect(etag).not.toBe(plain.res.headers.get('etag'));
    expect((await ctx.app.request(ctx.free.path, { headers: { cookie: meter, 'if-none-match': etag } })).status).toBe(304);
    const more = await ctx.get(ctx.free.path, await ctx.readMetered(3));
    expect(countOf(more.html)).toEqual([3, 3]);
    expect(more.res.headers.get('etag')).not.toBe(etag);
  });

  it('fills the count the same way when the bare node:http front answers', async () => {
    const server = await startTestServer(ctx.app.fetch, ctx.cache);
    try {
      const res = await fetch(`${server.url}${ctx.free.path}`, { headers: { cookie: await ctx.readMetered(1) } });
      expect(countOf(await res.text())).toEqual([1, 1]);
    } finally {
      await server.close();
    }
  });

  it("turns the count off with the \"Don't show my count\" form, without script, and keeps the page cached", async () => {
    const meter = await ctx.readMetered(2);
    const res = await ctx.app.request('/asks/count', {
      method: 'POST',
      body: new URLSearchParams({ show: 'off' }),
      headers: { origin: config.siteUrl, referer: `${config.siteUrl}${ctx.free.path}`, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(ctx.free.path);
    const off = res.headers.get('set-cookie')!;
    expect(off).toMatch(/^broadsheet_ask=nocount; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const page = await ctx.get(ctx.free.path, `${meter}; ${off.split(';')[0]}`);
    expect(countOf(page.html)).toEqual([]);
    expect(page.html).not.toContain("Don't show my count");
    expect(page.html).toContain('Reporting like this is paid for by its readers.');
    expect(page.res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    // Another site cannot switch it for the reader.
    expect((await ctx.app.request('/asks/count', { method: 'POST', headers: { origin: 'https://evil.example' } })).status).toBe(403);
  });

  it('shows members a thank-you instead of any ask, on cached article forms and rendered pages alike', async () => {
    const member = 'broadsheet_reader=reader-7';
    for (const path of [ctx.metered[0]!.path, ctx.free.path, '/support']) {
      const { res, html } = await ctx.get(path, member);
      expect(res.status, path).toBe(200);
      expect(html, path).toContain('Thank you for being a member');
      expect(html, path).not.toContain('Reporting like this is paid for by its readers.');
      expect(html, path).not.toContain('class="support-prompt"');
    }
    // A registered reader who is not a member still sees the ask.
    expect((await ctx.get(ctx.free.path, 'broadsheet_reader=reader-8')).html).toContain('class="support-prompt"');
  });
});
