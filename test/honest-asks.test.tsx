import { expect, it } from 'vitest';
import { b } from '../src/content/blocks.js';
import { defaultSiteSettings } from '../src/settings/site-settings.js';
import { startTestServer } from './support/browser.js';
import { askReminders } from '../src/asks/reminders.js';
import { startSmtpSink } from './support/smtp-sink.js';
import { describeEachDatabase } from './support/databases.js';
import { meteredApp, meteredAppConfig as config, meteredAppSecretKey as secretKey } from './support/metered-app.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const admin = { id: 1, role: 'admin' as const, author_id: null };
const body = [b.p('Opening paragraph.'), b.p('Second paragraph.'), b.p('Third paragraph.'), b.p('Fourth paragraph.')];

const countOf = (html: string) => [...html.matchAll(/You've read (\d+) articles? this month/g)].map((m) => Number(m[1]));

describeEachDatabase('honest asks', (fixture) => {
  const setup = async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    await services.settings.save(admin, { ...defaultSiteSettings, meterFreeArticles: 3, meterRegisteredArticles: 2 });
    const free = await publishedArticle(services, { headline: 'Free for all', body });
    const metered: Array<Awaited<ReturnType<typeof publishedArticle>>> = [];
    for (let i = 0; i < 3; i++) metered.push(await publishedArticle(services, { headline: `Metered story ${i}`, body, access: 'registered' }));
    const { app, cache, get, services: withAccess } = meteredApp({ services, database }, new Set([7]));
    /** Reads metered articles as one browser and returns its meter cookie. */
    const readMetered = async (n: number) => {
      let meter = '';
      for (const article of metered.slice(0, n)) {
        const { res } = await get(article.path, meter || undefined);
        meter = res.headers.getSetCookie().find((c) => c.startsWith('broadsheet_meter='))?.split(';')[0] ?? meter;
      }
      return meter;
    };
    return { app, cache, get, free, metered, readMetered, services: withAccess, db: database.db };
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
    // The count is this reader's: a shared cache (a proxy, a CDN that ignores cookies) must not hand it to the next.
    expect(plain.res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(counted.res.headers.get('cache-control')).toBe('private, no-cache');
    const revalidated = await ctx.app.request(ctx.free.path, { headers: { cookie: meter, 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe('private, no-cache');
    const more = await ctx.get(ctx.free.path, await ctx.readMetered(3));
    expect(countOf(more.html)).toEqual([3, 3]);
    expect(more.res.headers.get('etag')).not.toBe(etag);
  });

  it('fills the count the same way when the bare node:http front answers', async () => {
    const server = await startTestServer(ctx.app.fetch, ctx.cache);
    try {
      const res = await fetch(`${server.url}${ctx.free.path}`, { headers: { cookie: await ctx.readMetered(1) } });
      expect(countOf(await res.text())).toEqual([1, 1]);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
    } finally {
      await server.close();
    }
  });

  it("turns the count off with the \"Don't show my count\" form, without script, and keeps the page cached", async () => {
    const meter = await ctx.readMetered(2);
    const res = await ctx.app.request('/asks/count', {
      method: 'POST',
      body: new URLSearchParams({ back: /name="back" value="([^"]+)"/.exec((await ctx.get(ctx.free.path, meter)).html)![1]! }),
      headers: { origin: config.siteUrl, 'content-type': 'application/x-www-form-urlencoded' },
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
    // The way back is a path on this site, never another site.
    for (const back of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const res = await ctx.app.request('/asks/count', { method: 'POST', body: new URLSearchParams({ back }), headers: { origin: config.siteUrl, 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.headers.get('location'), back).toBe('/');
    }
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
      expect(html, path).not.toContain('class="footer-ask"');
      expect(html.match(/Thank you for being a member/g)!.length, path).toBeLessThanOrEqual(2);
    }
    // A registered reader who is not a member still sees the ask.
    expect((await ctx.get(ctx.free.path, 'broadsheet_reader=reader-8')).html).toContain('class="support-prompt"');
  });

  it("answers a signed-in reader from the page everyone gets, their asks filled, privately, and keeps what they render for everyone", async () => {
    const member = 'broadsheet_reader=reader-7';
    const registered = 'broadsheet_reader=reader-8';
    let renders = 0;
    const server = await startTestServer((request) => {
      renders++;
      return ctx.app.fetch(request);
    }, ctx.cache);
    try {
      const first = await fetch(`${server.url}${ctx.free.path}`);
      const anonymous = await first.text();
      const before = renders;
      for (const via of ['listener', 'app'] as const) {
        const res = via === 'listener' ? await fetch(`${server.url}${ctx.free.path}`, { headers: { cookie: member } }) : await ctx.app.request(ctx.free.path, { headers: { cookie: member } });
        const html = await res.text();
        expect(html, via).toContain('Thank you for being a member');
        expect(html.replace(/<p class="ask-thanks">[^<]*<\/p>/g, ''), via).toBe(
          anonymous.replace(/<!--ask:thanks-->[\s\S]*?<!--\/ask-->/g, '').replace(/<!--ask:hide-->[\s\S]*?<!--\/ask-->/g, '').replace(/<!--\/?ask[^>]*-->/g, ''),
        );
        // Theirs alone: no shared cache may keep it, and their browser checks back with the ETag.
        expect(res.headers.get('cache-control'), via).toBe('private, no-cache');
        expect(res.headers.get('etag'), via).not.toBe(first.headers.get('etag'));
        expect((await fetch(`${server.url}${ctx.free.path}`, { headers: { cookie: member, 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
      }
      const plain = await fetch(`${server.url}${ctx.free.path}`, { headers: { cookie: registered } });
      expect(await plain.text()).toBe(anonymous);
      expect(plain.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(plain.headers.get('cache-control')).toBe('private, no-cache');
      expect(renders).toBe(before);
      // Everyone else still gets the public page.
      expect((await fetch(`${server.url}${ctx.free.path}`)).headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');

      // A page a member is the first to ask for is rendered once and kept for everyone, without their thanks.
      const home = await fetch(`${server.url}/`, { headers: { cookie: member } });
      expect(await home.text()).toContain('Thank you for being a member');
      expect(home.headers.get('cache-control')).toBe('private, no-cache');
      const rendered = renders;
      const later = await fetch(`${server.url}/`);
      const laterHtml = await later.text();
      expect(renders).toBe(rendered);
      expect(laterHtml).not.toContain('Thank you for being a member');
      expect(laterHtml).toContain('class="support-prompt"');
      expect(later.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    } finally {
      await server.close();
    }
  });

  it("draws /support's goal from the database: current members and this year's donors toward the newsroom's target, cached until the count moves", async () => {
    const { db, services } = ctx;
    const now = new Date();
    const iso = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
    const reader = async (email: string) => (await db.insertInto('subscribers').values({ email, created_at: iso(-30) }).returning('id').executeTakeFirstOrThrow()).id;
    let sub = 0;
    const membership = async (subscriberId: number, status: string, extra: { current_period_end?: string; past_due_since?: string } = {}) =>
      db
        .insertInto('memberships')
        .values({ stripe_subscription_id: `sub_${++sub}`, stripe_customer_id: `cus_${sub}`, subscriber_id: subscriberId, kind: 'membership', tier_id: null, status, interval: 'month', amount: 500, currency: 'GBP', current_period_end: extra.current_period_end ?? iso(20), cancel_at_period_end: 0, past_due_since: extra.past_due_since ?? null, last_event_created: 1, created_at: iso(-10), updated_at: iso(-10) })
        .execute();
    const gift = (subscriberId: number | null, email: string, paidDaysAgo: number, refunded = 0) =>
      db.insertInto('member_payments').values({ subscriber_id: subscriberId, email, kind: 'one_off', stripe_payment_intent: `pi_${email}`, stripe_invoice: null, stripe_subscription_id: null, amount: 1000, amount_refunded: refunded, currency: 'GBP', paid_at: iso(-paidDaysAgo) }).execute();
    const active = await reader('active@example.org');
    await membership(active, 'active');
    await membership(await reader('grace@example.org'), 'past_due', { past_due_since: iso(-2) });
    await membership(await reader('ending@example.org'), 'canceled', { current_period_end: iso(5) });
    // Lapsed: cancelled and past the period's end, or past due beyond the grace period.
    await membership(await reader('lapsed@example.org'), 'canceled', { current_period_end: iso(-5) });
    await membership(await reader('unpaid@example.org'), 'past_due', { past_due_since: iso(-30) });
    await gift(active, 'active@example.org', 3); // a member who also gave counts once
    await gift(null, 'donor@example.org', 40);
    await gift(null, 'old-donor@example.org', 400);
    await gift(null, 'refunded@example.org', 10, 1000);
    await services.settings.save(admin, { ...(await services.settings.get()), supporterGoal: 1000 });
    await services.supporterGoal.refresh(); // what the job does each minute

    const page = await ctx.get('/support');
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('Our goal: 1,000 supporters');
    expect(page.html).toMatch(/<progress max="1000" value="4" aria-label="4 of 1,000 supporters">4 of 1,000 supporters<\/progress>/);
    expect(page.html).not.toMatch(/style=/);
    // Cached: a new member changes nothing until the count is taken again.
    await membership(await reader('new@example.org'), 'trialing');
    expect((await ctx.get('/support')).html).toContain('value="4"');
    await services.supporterGoal.refresh();
    expect((await ctx.get('/support')).html).toMatch(/<progress max="1000" value="5"/);
    // No target, no goal.
    await services.settings.save(admin, { ...(await services.settings.get()), supporterGoal: 0 });
    expect((await ctx.get('/support')).html).not.toContain('supporter-goal');
  });

  it('"Remind me later" keeps an address from the ask: a bad one comes back named with the typing in it, a flood from one network is refused', async () => {
    const article = await ctx.get(ctx.free.path);
    expect(article.html).toMatch(/<form class="remind-later" method="post" action="\/asks\/remind">/);
    const post = (email: string) =>
      ctx.app.request('/asks/remind', {
        method: 'POST',
        body: new URLSearchParams({ email }),
        headers: { origin: config.siteUrl, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const ok = await post('Reader@Example.org');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('We will remind you');
    expect(await post('reader@example.org')).toHaveProperty('status', 200);
    expect(await ctx.db.selectFrom('ask_reminders').select(['email', 'sent_at']).execute()).toEqual([{ email: 'reader@example.org', sent_at: null }]);

    const bad = await post('not an address');
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Email address: must be an email address');
    expect(html).toContain('value="not an address"');
    expect(await ctx.db.selectFrom('ask_reminders').select('email').execute()).toHaveLength(1);
    // Five an hour from one network (the three above count): the sixth comes back refused, typing kept.
    expect((await post('two@example.org')).status).toBe(200);
    expect((await post('three@example.org')).status).toBe(200);
    const flood = await post('four@example.org');
    expect(flood.status).toBe(429);
    expect(flood.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await flood.text()).toContain('value="four@example.org"');
    const big = await ctx.app.request('/asks/remind', { method: 'POST', body: new URLSearchParams({ email: 'x'.repeat(5000) }), headers: { origin: config.siteUrl, 'content-type': 'application/x-www-form-urlencoded' } });
    expect(big.status).toBe(413);
    expect((await ctx.app.request('/asks/remind', { method: 'POST', body: new URLSearchParams({ email: 'a@example.org' }), headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(403);
  });

  it('sends one reminder a month later, to the in-process SMTP server, and only once; never to a suppressed address', async () => {
    const { db, services } = ctx;
    const sink = await startSmtpSink();
    try {
      let now = new Date('2026-12-03T10:00:00.000Z');
      const reminders = askReminders(db, { smtpUrl: sink.url, siteUrl: 'https://news.example.org', siteName: 'Test Gazette' }, { limits: services.limits, currentMonth: () => now.toISOString().slice(0, 7), now: () => now });
      await db.deleteFrom('ask_reminders').execute();
      await reminders.request('later@example.org');
      await reminders.request('later@example.org'); // the same month: nothing more
      await reminders.request('gone@example.org');
      await db.insertInto('suppressions').values({ email: 'gone@example.org', reason: 'complaint', detail: '', created_at: now.toISOString() }).execute();

      now = new Date('2026-12-20T10:00:00.000Z');
      expect(await reminders.sendDue()).toBe(0);
      now = new Date('2027-01-02T10:00:01.000Z');
      expect(await reminders.sendDue()).toBe(1);
      expect(await reminders.sendDue()).toBe(0);
      now = new Date('2027-02-10T10:00:00.000Z');
      expect(await reminders.sendDue()).toBe(0);
      expect(sink.count).toBe(1);
      const [mail] = await sink.parsed();
      expect(mail!.to).toMatchObject({ text: 'later@example.org' });
      expect(mail!.subject).toBe('Your reminder from Test Gazette');
      expect(mail!.text).toContain('Support Test Gazette: https://news.example.org/support');
      expect(mail!.text).toContain('You asked for this one reminder on 3 December 2026. We will not email you again');
      // Asking again in a later month is a new request, with its own one reminder.
      await reminders.request('later@example.org');
      expect(await db.selectFrom('ask_reminders').select('month').where('email', '=', 'later@example.org').orderBy('month').execute()).toEqual([{ month: '2026-12' }, { month: '2027-02' }]);
    } finally {
      await sink.close();
    }
  });
});
