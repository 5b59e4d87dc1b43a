import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { ForbiddenError, ValidationError } from '../src/errors.js';
import { frontService } from '../src/fronts/front-service.js';
import type { Services } from '../src/services.js';
import { RenderCache } from '../src/site/cache/render-cache.js';
import { adminGet, adminPost, adminTestConfig, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom } from './support/fixtures.js';

const texts = (html: string, selector: string) => [...(parseHTML(html).document as unknown as Document).querySelectorAll(selector)].map((e) => e.textContent?.trim() ?? '');
const count = (html: string, text: string) => html.split(text).length - 1;
const day = (n: number) => new Date(Date.parse('2026-02-01T09:00:00.000Z') + n * 86_400_000).toISOString();

describeEachDatabase('front curation', (fixture) => {
  let services: Services;
  let cache: RenderCache;
  let app: ReturnType<typeof createApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  /** World articles, w[0] oldest; politics p[0] oldest. */
  let w: Array<{ id: number; headline: string; path: string }> = [];
  let p: Array<{ id: number; headline: string; path: string }> = [];
  let politicsId = 0;
  let paid = { id: 0 };

  const get = async (path: string) => {
    const res = await app.request(path);
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const homeOrder = async () => {
    const html = await get('/');
    return [...texts(html, '.lead h2'), ...texts(html, '.top-stories h3')];
  };
  const unpinAll = async () => {
    await services.database.db.deleteFrom('front_pins').execute();
    services.events.emit({ entity: 'front', id: 0 });
    services.events.emit({ entity: 'front', id: politicsId });
  };

  beforeAll(async () => {
    services = fixture().services;
    const { politics } = await seedNewsroom(services);
    politicsId = politics.id;
    for (let i = 0; i < 8; i++) w.push(await publishedArticle(services, { section: 'world', headline: `World story ${i}` }, { publishedAt: day(i) }));
    for (let i = 0; i < 25; i++) p.push(await publishedArticle(services, { section: 'politics', headline: `Politics story ${i}` }, { publishedAt: day(-30 + i) }));
    paid = await publishedArticle(services, { section: 'world', headline: 'Paid words', sponsor: 'Acme' }, { publishedAt: day(20) });
    cache = new RenderCache();
    app = createApp({ services, config: adminTestConfig, renderCache: cache });
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer');
  });

  it('without pins, the home page leads with the newest story and its top slots follow newest first', async () => {
    expect(await homeOrder()).toEqual(['World story 7', 'World story 6', 'World story 5', 'World story 4', 'World story 3', 'World story 2']);
  });

  it('an editor pins the lead on the home page: the home HTML shows it first, and nowhere else', async () => {
    const res = await adminPost(app, editor, '/admin/fronts/pin', { article: w[0]!.id, slot: 1 });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/fronts?done=pinned');
    const html = await get('/');
    expect(texts(html, '.lead h2')).toEqual(['World story 0']);
    expect(count(html, '>World story 0<')).toBe(1);
    expect(await homeOrder()).toEqual(['World story 0', 'World story 7', 'World story 6', 'World story 5', 'World story 4', 'World story 3']);
    await unpinAll();
  });

  it('orders the top slots: pins in their slots, the rest newest first with no duplicate in the slots or the rails', async () => {
    await services.fronts.pin(editor.actor, null, { articleId: w[1]!.id, slot: 3, expiresAt: null });
    await services.fronts.pin(editor.actor, null, { articleId: p[2]!.id, slot: 1, expiresAt: null });
    expect(await homeOrder()).toEqual(['Politics story 2', 'World story 7', 'World story 1', 'World story 6', 'World story 5', 'World story 4']);
    const html = await get('/');
    for (const headline of ['Politics story 2', 'World story 1', 'World story 7']) expect(count(html, `>${headline}<`), headline).toBe(1);
    // The politics rail starts with the newest politics story, since none is in the top slots.
    expect(texts(html, '#rail-politics ~ article h3')[0]).toBe('Politics story 24');
    // The newest the pins pushed out of the top slots lead their section's rail; the pinned one is not repeated.
    expect(texts(html, '#rail-world ~ article h3')).toEqual(['World story 3', 'World story 2', 'World story 0']);

    // Moving up takes the empty slot above, then swaps with the lead; pinning a pinned article elsewhere moves it.
    await adminPost(app, editor, '/admin/fronts/move', { slot: 3, direction: 'up' });
    expect((await homeOrder()).slice(0, 3)).toEqual(['Politics story 2', 'World story 1', 'World story 7']);
    expect((await adminPost(app, editor, '/admin/fronts/move', { slot: 2, direction: 'up' })).headers.get('location')).toBe('/admin/fronts?done=moved');
    expect((await homeOrder()).slice(0, 3)).toEqual(['World story 1', 'Politics story 2', 'World story 7']);
    await services.fronts.pin(editor.actor, null, { articleId: p[2]!.id, slot: 6, expiresAt: null });
    expect(await homeOrder()).toEqual(['World story 1', 'World story 7', 'World story 6', 'World story 5', 'World story 4', 'Politics story 2']);
    expect((await adminPost(app, editor, '/admin/fronts/unpin', { slot: 6 })).headers.get('location')).toBe('/admin/fronts?done=unpinned');
    expect((await homeOrder()).at(-1)).toBe('World story 3');
    await unpinAll();
  });

  it('a pin whose expiry has passed, or whose article was unpublished, simply stops showing', async () => {
    const now = Date.now();
    let clock = new Date(now);
    const fronts = frontService(services.database.db, { events: services.events, articles: services.articles, taxonomy: services.taxonomy, clock: () => clock });
    const timedCache = new RenderCache();
    const timed = createApp({ services: { ...services, fronts }, config: adminTestConfig, renderCache: timedCache });
    await fronts.pin(editor.actor, null, { articleId: w[2]!.id, slot: 1, expiresAt: new Date(now + 3_600_000).toISOString() });
    expect(texts(await (await timed.request('/')).text(), '.lead h2')).toEqual(['World story 2']);
    clock = new Date(now + 3_600_001);
    // A render after the expiry leaves the pin out even before the job removes it (the cached page waits for the job: see below).
    timedCache.clear();
    expect(texts(await (await timed.request('/')).text(), '.lead h2')).toEqual(['World story 7']);
    expect((await fronts.curation(editor.actor, null)).idle).toEqual([expect.objectContaining({ slot: 1, articleId: w[2]!.id, reason: 'its time is up' })]);
    expect(await fronts.expireDue()).toBe(1);
    expect(await services.database.db.selectFrom('front_pins').selectAll().execute()).toEqual([]);

    await services.fronts.pin(editor.actor, null, { articleId: w[3]!.id, slot: 1, expiresAt: null });
    expect(texts(await get('/'), '.lead h2')).toEqual(['World story 3']);
    await services.articles.unpublish(w[3]!.id);
    const html = await get('/');
    expect(texts(html, '.lead h2')).toEqual(['World story 7']);
    expect(html).not.toContain('World story 3<');
    await unpinAll();
  });

  it('drops the cached home page when its curation changes, and when a pin expires', async () => {
    await get('/');
    await get('/politics');
    expect(cache.has('/')).toBe(true);
    await adminPost(app, editor, '/admin/fronts/pin', { article: w[4]!.id, slot: 1 });
    expect(cache.has('/')).toBe(false);
    expect(cache.has('/politics')).toBe(true);
    expect(texts(await get('/'), '.lead h2')).toEqual(['World story 4']);
    expect(cache.has('/')).toBe(true);

    // An expiry is a change too: the job deletes the pin and announces the front.
    await services.fronts.expireDue(new Date('2999-01-01T00:00:00.000Z'));
    expect(cache.has('/')).toBe(true);
    await services.database.db.updateTable('front_pins').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect(await services.fronts.expireDue()).toBe(1);
    expect(cache.has('/')).toBe(false);
    expect(texts(await get('/'), '.lead h2')).toEqual(['World story 7']);
  });

  it('a section front pin leads that front, keeps paging without gaps or repeats, and leaves the home page alone', async () => {
    await get('/');
    await get('/politics');
    await get('/politics?page=2');
    await adminPost(app, editor, '/admin/fronts/section/politics/pin', { article: p[0]!.id, slot: 1 });
    expect(cache.has('/')).toBe(true);
    expect(cache.has('/politics')).toBe(false);
    expect(cache.has('/politics?page=2')).toBe(false);

    const first = texts(await get('/politics'), 'main article h2');
    expect(first).toHaveLength(20);
    expect(first.slice(0, 3)).toEqual(['Politics story 0', 'Politics story 24', 'Politics story 23']);
    const second = texts(await get('/politics?page=2'), 'main article h2');
    expect(second).toEqual(['Politics story 5', 'Politics story 4', 'Politics story 3', 'Politics story 2', 'Politics story 1']);
    expect(new Set([...first, ...second]).size).toBe(25);
    expect(texts(await get('/'), '.lead h2')).toEqual(['World story 7']);

    // A section front holds its own section's stories.
    const wrong = await adminPost(app, editor, '/admin/fronts/section/politics/pin', { article: w[0]!.id, slot: 2, expires: '' });
    expect(wrong.status).toBe(422);
    const page = await wrong.text();
    expect(texts(page, '.field-error')).toEqual(['Error: "World story 0" is in another section']);

    // The home page leaves partner content to its own slot.
    const sponsored = await adminPost(app, editor, '/admin/fronts/pin', { article: paid.id, slot: 1 });
    expect(sponsored.status).toBe(422);
    expect(texts(await sponsored.text(), '#pin-article-error')).toEqual(['Error: "Paid words" is partner content, which the home page does not lead with']);
    await unpinAll();
  });

  it('refuses writers with a reason, in the service and on the page', async () => {
    await expect(services.fronts.pin(writer.actor, null, { articleId: w[0]!.id, slot: 1, expiresAt: null })).rejects.toThrow(ForbiddenError);
    const res = await adminPost(app, writer, '/admin/fronts/pin', { article: w[0]!.id, slot: 1 });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('A writer may not do this: it needs the editor role');
    expect((await adminGet(app, writer, '/admin/fronts')).status).toBe(403);
    expect(await services.database.db.selectFrom('front_pins').selectAll().execute()).toEqual([]);
  });

  it('the newsroom page shows the top slots as readers see them, pinned ones with their expiry in the site zone', async () => {
    await services.fronts.pin(editor.actor, null, { articleId: w[5]!.id, slot: 2, expiresAt: '2099-07-01T13:30:00.000Z' });
    const html = await (await adminGet(app, editor, '/admin/fronts?done=pinned')).text();
    expect(texts(html, 'h1')).toEqual(['Fronts: Home page']);
    expect(texts(html, '.toast')).toEqual(['Pinned']);
    const rows = texts(html, '.data-table tbody tr td:nth-child(2) a');
    // World story 3 was unpublished above.
    expect(rows).toEqual(['World story 7', 'World story 5', 'World story 6', 'World story 4', 'World story 2', 'World story 1']);
    expect(texts(html, '.data-table tbody tr.fronts-pinned td:nth-child(3)')).toEqual(['Pinned until Wed 1 Jul 2099, 14:30 BST']);
    expect(html).toContain('<time datetime="2099-07-01T13:30:00.000Z">');
    expect(html).toContain('Unpin at (Europe/London (');

    const found = await (await adminGet(app, editor, '/admin/fronts/section/politics?q=story%2012')).text();
    expect(texts(found, '.fronts-candidates label')).toEqual([expect.stringMatching(/^Politics story 12 · Politics/)]);
    await unpinAll();
  });

  it('a bad expiry comes back with the typing kept and the field named', async () => {
    const res = await adminPost(app, editor, '/admin/fronts/pin', { article: w[6]!.id, slot: 4, expires: '2026-03-29T01:30' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(texts(html, '#pin-expires-error')).toEqual(['Error: 2026-03-29 01:30 does not exist in Europe/London: the clocks change then']);
    expect(texts(html, '.form-errors li')).toEqual(['Unpin at: 2026-03-29 01:30 does not exist in Europe/London: the clocks change then']);
    expect(html).toContain('value="2026-03-29T01:30"');
    expect(html).toMatch(/<option value="4" selected/);
    expect(html).toMatch(new RegExp(`value="${w[6]!.id}" checked`));
    const past = await adminPost(app, editor, '/admin/fronts/pin', { article: w[6]!.id, slot: 4, expires: '2020-01-01T10:00' });
    expect(texts(await past.text(), '#pin-expires-error')).toEqual(['Error: must be in the future']);
    await expect(services.fronts.pin(editor.actor, null, { articleId: w[6]!.id, slot: 7, expiresAt: null })).rejects.toThrow(ValidationError);
    expect(await services.database.db.selectFrom('front_pins').selectAll().execute()).toEqual([]);
  });
});
