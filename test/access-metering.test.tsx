import { expect, it } from 'vitest';
import { meterCookie } from '../src/access/meter-cookie.js';
import { b } from '../src/content/blocks.js';
import { createApp } from '../src/app.js';
import { defaultSiteSettings } from '../src/settings/site-settings.js';
import { formKey, RenderCache } from '../src/site/cache/render-cache.js';
import { adminGet, adminPost, createAdminTestApp, signIn, signInReader } from './support/admin.js';
import { startTestServer } from './support/browser.js';
import { describeEachDatabase } from './support/databases.js';
import { meteredApp, meteredAppConfig as config, meteredAppSecretKey as secretKey } from './support/metered-app.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const admin = { id: 1, role: 'admin' as const, author_id: null };
/** N = 2 without an account, M = 1 more once registered, K = 2 gifts. */
const limits = { meterFreeArticles: 2, meterRegisteredArticles: 1, giftsPerMonth: 2 };
const body = [b.p('Opening paragraph.'), b.p('Second paragraph.'), b.p('Third paragraph.'), b.p('Fourth paragraph, past the preview.'), b.p('Fifth.')];

/** A browser's cookie jar, as far as the meter goes: whatever the last answer set. */
function meterJar() {
  let meter = '';
  return {
    get header() {
      return meter;
    },
    take(res: Response) {
      const set = res.headers.getSetCookie().find((c) => c.startsWith('broadsheet_meter='));
      if (set) meter = set.split(';')[0]!;
    },
  };
}

const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!) as { '@graph': Array<Record<string, unknown>> };
const newsArticle = (html: string) => jsonLd(html)['@graph'].find((n) => n['@type'] === 'NewsArticle')!;

describeEachDatabase('access: metering, gated forms and gift links', (fixture) => {
  const setup = async () => {
    const { services, database } = fixture();
    await seedNewsroom(services);
    await services.settings.save(admin, { ...defaultSiteSettings, ...limits });
    const free = await publishedArticle(services, { headline: 'Free for all', body });
    const metered = [];
    for (let i = 0; i < 4; i++) metered.push(await publishedArticle(services, { headline: `Metered story ${i}`, body, access: 'registered' }));
    const membersOnly = await publishedArticle(services, { headline: 'For members', body, access: 'members' });
    const readers = [];
    for (const email of ['registered@example.org', 'member@example.org']) {
      readers.push((await database.db.insertInto('subscribers').values({ email, created_at: '2026-12-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const [registeredId, memberId] = readers as [number, number];
    return { ...meteredApp({ services, database }, new Set([memberId])), free, metered, membersOnly, registeredId, memberId };
  };
  let ctx: Awaited<ReturnType<typeof setup>>;

  it('leaves free articles as they were: full, public, no cookie, free in JSON-LD', async () => {
    ctx = await setup();
    const { res, html } = await ctx.get(ctx.free.path);
    expect(res.status).toBe(200);
    expect(html).toContain('Fourth paragraph, past the preview.');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=600');
    expect(newsArticle(html).isAccessibleForFree).toBe(true);
    expect(newsArticle(html).hasPart).toBeUndefined();
    expect(html).not.toContain('Share as a gift');
  });

  it('lets an anonymous reader read N metered articles a month, then shows the registration wall', async () => {
    const jar = meterJar();
    for (const article of ctx.metered.slice(0, 2)) {
      const { res, html } = await ctx.get(article.path, jar.header || undefined);
      expect(html).toContain('Fourth paragraph, past the preview.');
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      expect(res.headers.get('set-cookie')).toMatch(/^broadsheet_meter=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
      jar.take(res);
    }
    // The N+1th article meets the wall: headline, standfirst, byline, three paragraphs and the offer.
    const walled = await ctx.get(ctx.metered[2]!.path, jar.header);
    expect(walled.res.status).toBe(200);
    expect(walled.html).toMatch(/<h1[^>]*>Metered story 2<\/h1>/);
    expect(walled.html).toContain('A one-sentence standfirst.');
    expect(walled.html).toContain('Ada Reporter');
    expect(walled.html).toContain('Third paragraph.');
    expect(walled.html).not.toContain('Fourth paragraph, past the preview.');
    expect(walled.html).toContain('Register to keep reading');
    expect(walled.html).toContain(`href="/account/sign-in?next=${encodeURIComponent(ctx.metered[2]!.path)}"`);
    expect(walled.html).toContain('href="/support"');
    expect(walled.res.headers.get('set-cookie')).toBeNull();
    // Reading again what was already counted costs nothing and still opens.
    const again = await ctx.get(ctx.metered[0]!.path, jar.header);
    expect(again.html).toContain('Fourth paragraph, past the preview.');
    expect(again.res.headers.get('set-cookie')).toBeNull();
  });

  it('says isAccessibleForFree false with the gated part named in JSON-LD, in both forms', async () => {
    for (const path of [ctx.metered[3]!.path, ctx.membersOnly.path]) {
      const { html } = await ctx.get(path);
      expect(newsArticle(html).isAccessibleForFree).toBe(false);
      expect(newsArticle(html).hasPart).toEqual({ '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.article-body' });
    }
  });

  it('keeps each form once: the same bytes on a second hit, and the node front serves them too', async () => {
    const { cache, get, metered } = ctx;
    const full = await get(metered[1]!.path);
    const fullAgain = await get(metered[1]!.path);
    expect(fullAgain.html).toBe(full.html);
    expect(fullAgain.res.headers.get('etag')).toBe(full.res.headers.get('etag'));
    expect(cache.has(metered[1]!.path)).toBe(true);

    const spent = meterCookie(secretKey).write({ month: ctx.access.currentMonth(), articleIds: [metered[0]!.id, metered[2]!.id] });
    const wall = await get(metered[1]!.path, `broadsheet_meter=${spent}`);
    const wallAgain = await get(metered[1]!.path, `broadsheet_meter=${spent}`);
    expect(wall.html).toContain('Register to keep reading');
    expect(wallAgain.html).toBe(wall.html);
    expect(cache.has(formKey(metered[1]!.path, 'register'))).toBe(true);

    // Through node:http with the cache answering before the app (as src/server.ts serves).
    const server = await startTestServer(ctx.app.fetch, cache);
    try {
      const walled = await fetch(`${server.url}${metered[1]!.path}`, { headers: { cookie: `broadsheet_meter=${spent}` } });
      expect(await walled.text()).toBe(wall.html);
      const counted = await fetch(`${server.url}${metered[1]!.path}`);
      expect(await counted.text()).toBe(full.html);
      expect(counted.headers.get('set-cookie')).toMatch(/^broadsheet_meter=/);
    } finally {
      await server.close();
    }
  });

  it('ignores a forged or tampered meter cookie and counts afresh from what it signs itself', async () => {
    const month = ctx.access.currentMonth();
    const real = meterCookie(secretKey).write({ month, articleIds: [ctx.metered[0]!.id, ctx.metered[2]!.id] });
    const [payload, signature] = [real.slice(0, real.lastIndexOf('.')), real.slice(real.lastIndexOf('.') + 1)];
    const tampered = `${month}.${(999).toString(36)}.${signature}`;
    const forged = meterCookie('another key that someone made up to sign with').write({ month, articleIds: [] });
    for (const cookie of [tampered, forged, `${payload}.`, 'garbage']) {
      const { res, html } = await ctx.get(ctx.metered[3]!.path, `broadsheet_meter=${cookie}`);
      expect(html).toContain('Fourth paragraph, past the preview.');
      const written = /broadsheet_meter=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
      expect(meterCookie(secretKey).read(written)).toEqual({ month, articleIds: [ctx.metered[3]!.id] });
    }
    // A meter from last month does not carry over.
    const old = meterCookie(secretKey).write({ month: '2001-01', articleIds: [ctx.metered[0]!.id, ctx.metered[2]!.id] });
    expect((await ctx.get(ctx.metered[1]!.path, `broadsheet_meter=${old}`)).html).toContain('Fourth paragraph, past the preview.');
  });

  it('gives registered readers M more, then the membership offer; members-only articles offer membership', async () => {
    const reader = `broadsheet_reader=reader-${ctx.registeredId}`;
    const month = ctx.access.currentMonth();
    const atN = meterCookie(secretKey).write({ month, articleIds: [ctx.metered[0]!.id, ctx.metered[2]!.id] });
    const more = await ctx.get(ctx.metered[1]!.path, `${reader}; broadsheet_meter=${atN}`);
    expect(more.html).toContain('Fourth paragraph, past the preview.');
    expect(more.res.headers.get('cache-control')).toMatch(/^private, no-/);
    const spent = /broadsheet_meter=([^;]+)/.exec(more.res.headers.get('set-cookie')!)![1]!;
    const offer = await ctx.get(ctx.metered[3]!.path, `${reader}; broadsheet_meter=${spent}`);
    expect(offer.html).not.toContain('Fourth paragraph, past the preview.');
    expect(offer.html).toContain('You have read this month’s articles');
    expect(offer.html).toContain('Become a member');

    for (const cookie of [undefined, reader]) {
      const { html } = await ctx.get(ctx.membersOnly.path, cookie);
      expect(html).toContain('This article is for members');
      expect(html).toContain('Third paragraph.');
      expect(html).not.toContain('Fourth paragraph, past the preview.');
    }
  });

  it("keeps the full form a member's visit renders, so the next member's is served from the cache, and privately", async () => {
    const { cache, get, membersOnly, memberId } = ctx;
    // Anonymous readers only ever get the offer: the full form exists once a member has read it.
    expect((await get(membersOnly.path)).html).toContain('This article is for members');
    expect(cache.has(membersOnly.path)).toBe(false);
    const first = await get(membersOnly.path, `broadsheet_reader=reader-${memberId}`);
    expect(first.html).toContain('Fourth paragraph, past the preview.');
    expect(cache.has(membersOnly.path)).toBe(true);
    expect(first.res.headers.get('cache-control')).toBe('private, no-cache');
    const again = await get(membersOnly.path, `broadsheet_reader=reader-${memberId}`);
    expect(again.html).toBe(first.html);
    expect(again.res.headers.get('etag')).toBe(first.res.headers.get('etag'));
    // Still the offer for everyone else.
    expect((await get(membersOnly.path)).html).toContain('This article is for members');
    expect((await get(membersOnly.path, `broadsheet_reader=reader-${ctx.registeredId}`)).html).toContain('This article is for members');
  });

  it('never meters members or staff, whatever their meter says', async () => {
    const spent = meterCookie(secretKey).write({ month: ctx.access.currentMonth(), articleIds: [ctx.metered[0]!.id, ctx.metered[1]!.id, ctx.metered[2]!.id] });
    const staff = await signIn(ctx.app, ctx.services, 'writer');
    for (const cookie of [`broadsheet_reader=reader-${ctx.memberId}; broadsheet_meter=${spent}`, `${staff.cookie}; broadsheet_meter=${spent}`]) {
      for (const path of [ctx.metered[3]!.path, ctx.membersOnly.path]) {
        const { res, html } = await ctx.get(path, cookie);
        expect(html, `${cookie} ${path}`).toContain('Fourth paragraph, past the preview.');
        expect(res.headers.get('set-cookie')).toBeNull();
      }
    }
    // The full form of a gated article offers members a gift link on a page of its own.
    expect((await ctx.get(ctx.membersOnly.path, `broadsheet_reader=reader-${ctx.memberId}`)).html).toContain(`href="/gift/new?article=${ctx.membersOnly.id}"`);
  });

  it('opens an article to anyone with a member’s gift link; a tampered link changes nothing; K a month', async () => {
    const member = { standing: 'member' as const, readerId: ctx.memberId };
    const gift = await ctx.access.give(member, ctx.membersOnly);
    expect(gift.left).toBe(1);
    expect(gift.path).toMatch(new RegExp(`^${ctx.membersOnly.path}\\?gift=[0-9a-z]+\\.\\d{4}-\\d{2}\\.[\\w-]+$`));
    const opened = await ctx.get(gift.path);
    expect(opened.html).toContain('Fourth paragraph, past the preview.');
    expect(opened.res.headers.get('set-cookie')).toBeNull();

    const token = gift.path.split('gift=')[1]!;
    const tampered = [`${(ctx.registeredId).toString(36)}${token.slice(token.indexOf('.'))}`, `${token.slice(0, -2)}AA`, `${token}x`];
    for (const t of tampered) expect((await ctx.get(`${ctx.membersOnly.path}?gift=${t}`)).html).toContain('This article is for members');
    // A gift of one article opens no other.
    expect((await ctx.get(`${ctx.metered[3]!.path.replace(/\?.*/, '')}?gift=${token}`, `broadsheet_meter=${meterCookie(secretKey).write({ month: ctx.access.currentMonth(), articleIds: [1, 2] })}`)).html).toContain('Register to keep reading');

    // Giving the same article again costs nothing; the Kth is the last.
    expect((await ctx.access.give(member, ctx.membersOnly)).left).toBe(1);
    expect((await ctx.access.give(member, ctx.metered[3]!)).left).toBe(0);
    await expect(ctx.access.give(member, ctx.metered[2]!)).rejects.toThrow(/shared all 2 gift articles this month/);
    expect(await ctx.access.giftsLeft(ctx.memberId)).toBe(0);
    // Only members give.
    await expect(ctx.access.give({ standing: 'registered', readerId: ctx.registeredId }, ctx.metered[2]!)).rejects.toThrow(/Gift links are for members/);
    await expect(ctx.access.give(member, ctx.free)).rejects.toThrow(/free to read/);
  });

  it('explains gift links to readers who are not members on /gift/new, privately', async () => {
    const { res, html } = await ctx.get(`/gift/new?article=${ctx.membersOnly.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(html).toContain('Gift links are for members.');
    expect(html).not.toContain('<form method="post" action="/gift/new"');
    expect((await ctx.get('/gift/new?article=999999')).res.status).toBe(404);
  });

  it('lets writers and editors set the access level in the writing screen; a contributor may not change it', async () => {
    const { services } = fixture();
    const app = createAdminTestApp(services);
    const ada = (await services.taxonomy.listAuthors()).find((a) => a.slug === 'ada-reporter')!;
    const writer = await signIn(app, services, 'writer', { authorId: ada.id });
    const contributor = await signIn(app, services, 'contributor', { authorId: ada.id });
    const draft = await services.articles.create({ headline: 'Harbour strike', standfirst: '', section: 'world', authors: ['ada-reporter'], body });
    const screen = await (await adminGet(app, writer, `/admin/articles/${draft.id}`)).text();
    expect(screen).toMatch(/<label for="f-access">Who may read it<\/label>/);
    expect(screen).toContain('<option value="members">Members only</option>');
    const form = { version: String(draft.version), headline: 'Harbour strike', standfirst: '', section: 'world', authors: 'ada-reporter', topics: '', body: JSON.stringify(body) };
    expect((await adminPost(app, writer, `/admin/articles/${draft.id}`, { ...form, access: 'members' })).status).toBe(303);
    expect((await services.articles.get(draft.id))!.access).toBe('members');

    const refused = await adminPost(app, writer, `/admin/articles/${draft.id}`, { ...form, version: String(draft.version + 1), access: 'everyone' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('must be free, registered or members');

    const own = await services.articles.create({ headline: 'Contributor piece', standfirst: '', section: 'world', authors: ['ada-reporter'], body });
    const contributorScreen = await (await adminGet(app, contributor, `/admin/articles/${own.id}`)).text();
    expect(contributorScreen).toMatch(/<select id="f-access" name="access"[^>]* disabled/);
    expect((await adminPost(app, contributor, `/admin/articles/${own.id}`, { ...form, version: String(own.version), headline: 'Contributor piece', access: 'free' })).status).toBe(303);
    const attempt = await adminPost(app, contributor, `/admin/articles/${own.id}`, { ...form, version: String(own.version + 1), headline: 'Contributor piece', access: 'members' });
    expect(attempt.status).toBe(403);
    expect((await services.articles.get(own.id))!.access).toBe('free');
  });

  it('takes N, M and K from the site settings form, and the meter follows at once', async () => {
    const { services } = fixture();
    const app = createAdminTestApp(services);
    const admin = await signIn(app, services, 'admin');
    const fields = { supportPrompt: 'Support us.', membershipUrl: '', donationUrl: '', partnerSlotAfter: '4', meterFreeArticles: '0', meterRegisteredArticles: '3', giftsPerMonth: '4' };
    const bad = await adminPost(app, admin, '/admin/settings', { ...fields, meterFreeArticles: 'lots' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="lots"');
    expect((await adminPost(app, admin, '/admin/settings', fields)).status).toBe(303);
    expect(await services.settings.get()).toMatchObject({ meterFreeArticles: 0, meterRegisteredArticles: 3, giftsPerMonth: 4 });
    // With N = 0 the first metered article already asks a reader without an account to register.
    expect((await ctx.get(ctx.metered[0]!.path)).html).toContain('Register to keep reading');
  });

  it('decides a remembered signed-in reader in the same turn with the real services, and waits for one not yet remembered', async () => {
    const { services, database } = fixture();
    const email = 'remembered@example.org';
    const readerId = (await database.db.insertInto('subscribers').values({ email, created_at: '2026-12-01T00:00:00.000Z' }).returning('id').executeTakeFirstOrThrow()).id;
    const { cookie } = await signInReader(services, readerId);
    const meta = { articleId: ctx.membersOnly.id, level: 'members' as const };
    await services.access.choose(meta, { cookie: undefined, gift: undefined });
    expect(services.access.chooseNow(meta, { cookie, gift: undefined })).toBeUndefined();
    expect((await services.access.choose(meta, { cookie, gift: undefined })).form).toBe('join');
    expect(services.access.chooseNow(meta, { cookie, gift: undefined })?.form).toBe('join');
    // A membership arrives by webhook: the reader's remembered standing is forgotten, then read again.
    await database.db
      .insertInto('memberships')
      .values({ stripe_subscription_id: 'sub_remembered', stripe_customer_id: null, subscriber_id: readerId, kind: 'membership', tier_id: null, status: 'active', interval: 'month', amount: 500, currency: 'GBP', current_period_end: null, cancel_at_period_end: 0, past_due_since: null, last_event_created: 1, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z' })
      .execute();
    services.memberships.forget(readerId);
    expect(services.access.chooseNow(meta, { cookie, gift: undefined })).toBeUndefined();
    expect((await services.access.choose(meta, { cookie, gift: undefined })).form).toBe('full');
    expect(services.access.chooseNow(meta, { cookie, gift: undefined })?.form).toBe('full');
  });

  it('asks the real reader accounts about a reader cookie: one they did not issue is an anonymous reader', async () => {
    const { services } = fixture();
    const app = createApp({ services, config, renderCache: new RenderCache() });
    const cookie = 'broadsheet_reader=not-a-session-of-ours';
    // With N = 0 and M = 3 (set above) a registered reader would read it; an anonymous one meets the wall.
    const metered = await app.request(ctx.metered[0]!.path, { headers: { cookie } });
    expect(await metered.text()).toContain('Register to keep reading');
    expect(await (await app.request(ctx.membersOnly.path, { headers: { cookie } })).text()).toContain('This article is for members');
  });
});
