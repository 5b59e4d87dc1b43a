import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/content/article-policy.js';
import { b } from '../src/content/blocks.js';
import type { MediaItem } from '../src/media/media-service.js';
import type { Services } from '../src/services.js';
import { adminGet, adminPost, adminTestConfig, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, seedNewsroom, uploadedImage } from './support/fixtures.js';

const doc = async (res: Response) => parseHTML(await res.text()).document;
/** A signed-in account as the services see whoever acts. */
const actorOf = (who: SignedIn): Actor => ({ id: who.user.id, role: who.user.role as Actor['role'], author_id: who.user.author_id });

describeEachDatabase('media library', (fixture) => {
  let services: Services;
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  let otherWriter: SignedIn;
  let harbour: MediaItem;
  let ferry: MediaItem;
  let market: MediaItem;

  /** Where an item's files are on disk. */
  const folderOf = (item: MediaItem) => join(fixture().dataDir, 'media', 'u', item.src.split('/')[3]!);
  const stored = (id: number) => services.database.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    services = fixture().services;
    const { authors } = await seedNewsroom(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor', { authorId: authors[1]!.id });
    writer = await signIn(app, services, 'writer', { authorId: authors[0]!.id });
    otherWriter = await signIn(app, services, 'writer');
    harbour = await uploadedImage(services, { alt: 'Fishing boats in the Harbour at dawn', caption: 'The fleet returns', credit: 'Photo: A. Lens' }, { userId: writer.user.id });
    ferry = await uploadedImage(services, { alt: 'A crowded deck', caption: 'Commuters on the morning FERRY to the island' }, { userId: editor.user.id, width: 500, height: 400 });
    market = await uploadedImage(services, { alt: 'Stalls of a covered market', caption: '' }, { userId: otherWriter.user.id });
  });

  it('shows a grid of the smallest thumbnails, lazy-loaded with their size set', async () => {
    const page = await doc(await adminGet(app, editor, '/admin/media'));
    const cards = [...page.querySelectorAll('.media-grid .media-card')];
    expect(cards.length).toBeGreaterThanOrEqual(3);
    const img = page.querySelector(`a[href="/admin/media/${harbour.id}"] img`)!;
    expect(img.getAttribute('src')).toBe(harbour.sources[0]!.src);
    expect(img.getAttribute('src')).toMatch(/\/320\.webp$/);
    expect(img.getAttribute('width')).toBe('320');
    expect(img.getAttribute('height')).toBe('213');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('alt')).toBe('Fishing boats in the Harbour at dawn');
    expect(page.querySelector('form[role="search"][method="get"] input[name="q"]')).not.toBeNull();
    expect(page.querySelector('form[enctype="multipart/form-data"] input[type="file"][name="file"]')).not.toBeNull();
  });

  it('finds images by alt text and by caption, in any case, without script', async () => {
    const byAlt = await doc(await adminGet(app, editor, '/admin/media?q=harbour'));
    expect([...byAlt.querySelectorAll('.media-grid img')].map((i) => i.getAttribute('alt'))).toEqual(['Fishing boats in the Harbour at dawn']);
    expect(byAlt.querySelector('.media-count')!.textContent).toBe('1 image matches “harbour”');
    expect((byAlt.querySelector('#media-q') as unknown as HTMLInputElement).getAttribute('value')).toBe('harbour');

    const byCaption = await doc(await adminGet(app, editor, '/admin/media?q=ferry'));
    expect([...byCaption.querySelectorAll('.media-grid img')].map((i) => i.getAttribute('alt'))).toEqual(['A crowded deck']);

    const none = await doc(await adminGet(app, editor, '/admin/media?q=100%25'));
    expect(none.querySelector('.media-grid')).toBeNull();
    expect(none.querySelector('.empty-state')!.textContent).toContain('No image’s alt text or caption contains “100%”');
  });

  it('answers the picker with items, their thumbnails and the block that shows each', async () => {
    const res = await adminGet(app, editor, '/admin/media.json?q=Ferry');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ total: 1, page: 1, hasNext: false });
    expect(body.items[0]).toMatchObject({
      id: ferry.id,
      alt: 'A crowded deck',
      caption: 'Commuters on the morning FERRY to the island',
      width: 500,
      height: 400,
      thumbnail: { src: ferry.sources[0]!.src, width: 320, height: 256 },
      block: { type: 'image', src: ferry.src, alt: 'A crowded deck', caption: 'Commuters on the morning FERRY to the island', width: 500, height: 400 },
    });
  });

  it('pages through the library, newest first', async () => {
    const all = (await services.media.search({ perPage: 1000 })).items.map((i) => i.id);
    const first = await services.media.search({ perPage: 2 });
    const second = await services.media.search({ perPage: 2, page: 2 });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.slice(0, 4));
    expect(first.hasNext).toBe(true);
    const html = await doc(await adminGet(app, editor, '/admin/media?page=2'));
    expect(html.querySelector('.pager a[rel="prev"]')?.getAttribute('href') ?? '/admin/media').toBe('/admin/media');
  });

  it('refuses an edit with an empty alt text inline, keeping what was typed, and saves a good one', async () => {
    const refused = await adminPost(app, editor, `/admin/media/${market.id}`, { alt: '   ', caption: 'Saturday <morning> stalls', credit: 'Photo: C. Frame' });
    expect(refused.status).toBe(422);
    const page = await doc(refused);
    expect(page.querySelector('[role="alert"]')!.textContent).toContain('Alt text is required');
    const alt = page.querySelector('#d-alt')!;
    expect(alt.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector(`#${alt.getAttribute('aria-describedby')!.split(' ').at(-1)}`)!.textContent).toContain('Alt text is required');
    expect(page.querySelector('#d-caption')!.innerHTML).toBe('Saturday &lt;morning&gt; stalls');
    expect(page.querySelector('#d-credit')!.getAttribute('value')).toBe('Photo: C. Frame');
    expect((await stored(market.id))!.alt).toBe('Stalls of a covered market');

    const saved = await adminPost(app, editor, `/admin/media/${market.id}`, { alt: 'Stalls of the covered market', caption: 'Saturday stalls', credit: 'Photo: C. Frame' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/admin/media/${market.id}?done=saved`);
    expect(await stored(market.id)).toMatchObject({ alt: 'Stalls of the covered market', caption: 'Saturday stalls', credit: 'Photo: C. Frame' });
  });

  it('refuses an upload without alt text inline, keeping the other fields', async () => {
    const body = new FormData();
    body.set('_csrf', editor.csrfToken);
    body.set('file', new File([new Uint8Array(10)], 'x.jpg', { type: 'image/jpeg' }));
    body.set('alt', '');
    body.set('caption', 'A caption worth keeping');
    const res = await app.request('/admin/media', { method: 'POST', body, headers: { cookie: editor.cookie, origin: adminTestConfig.siteUrl } });
    expect(res.status).toBe(422);
    const page = await doc(res);
    expect(page.querySelector('#m-alt')!.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('#m-caption')!.textContent).toBe('A caption worth keeping');
    expect(page.querySelector('.form-errors')!.textContent).toContain('Alt text is required');
  });

  it('answers an upload over 15 MB with 413, keeping nothing', async () => {
    const before = (await services.media.search()).total;
    const body = new FormData();
    body.set('file', new File([new Uint8Array(16 * 1024 * 1024)], 'huge.jpg', { type: 'image/jpeg' }));
    body.set('alt', 'Too big');
    const res = await app.request('/admin/media', { method: 'POST', body, headers: { cookie: editor.cookie, origin: adminTestConfig.siteUrl, accept: 'application/json', 'x-csrf-token': editor.csrfToken } });
    expect(res.status).toBe(413);
    expect((await services.media.search()).total).toBe(before);
  });

  it('lists the articles whose body or lead image uses an image, as saved through the editorial service, linked to their editors', async () => {
    const { editorial } = services;
    const inBody = await editorial.create(actorOf(editor), articleInput({ headline: 'Dawn on the quay', body: [b.p('Boats came in.'), services.media.imageBlock(harbour)] }));
    const asLead = await editorial.create(actorOf(editor), articleInput({ headline: 'The fleet’s last season', imageMediaId: harbour.id, imageAlt: harbour.alt }));
    const unrelated = await editorial.create(actorOf(editor), articleInput({ headline: 'Nothing to see' }));

    const page = await doc(await adminGet(app, editor, `/admin/media/${harbour.id}`));
    const uses = [...page.querySelectorAll('.media-uses li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(uses).toEqual(['The fleet’s last season Draft Lead image', 'Dawn on the quay Draft In the body']);
    expect(page.querySelector(`.media-uses a[href="/admin/articles/${inBody.id}"]`)!.textContent).toBe('Dawn on the quay');
    expect(page.querySelector(`.media-uses a[href="/admin/articles/${asLead.id}"]`)).not.toBeNull();
    expect(page.querySelector(`.media-uses a[href="/admin/articles/${unrelated.id}"]`)).toBeNull();

    // Saving the article without the image takes it off the list.
    await editorial.save(actorOf(editor), inBody.id, { body: [b.p('Boats came in.')] }, inBody.version);
    const after = await services.media.uses(actorOf(editor), harbour.id);
    expect(after.visible.map((u) => u.articleId)).toEqual([asLead.id]);
    await editorial.save(actorOf(editor), asLead.id, { imageMediaId: null }, asLead.version);
    expect((await services.media.uses(actorOf(editor), harbour.id)).visible).toEqual([]);
  });

  it('refuses to delete an image while an article uses it, keeping the row and the files, and deletes it with its files once unused', async () => {
    const used = await uploadedImage(services, { alt: 'A lighthouse in fog' });
    const article = await services.editorial.create(actorOf(editor), articleInput({ headline: 'Fog over the point', body: [services.media.imageBlock(used)] }));
    const form = await doc(await adminGet(app, editor, `/admin/media/${used.id}`));
    expect(form.querySelector(`form[action="/admin/media/${used.id}/delete"]`)).toBeNull();

    const refused = await adminPost(app, editor, `/admin/media/${used.id}/delete`);
    expect(refused.status).toBe(409);
    expect((await doc(refused)).querySelector('[role="alert"]')!.textContent).toContain('This image cannot be deleted while an article uses it: “Fog over the point” (in the body)');
    expect(await stored(used.id)).toBeDefined();
    expect(existsSync(folderOf(used))).toBe(true);

    await services.editorial.save(actorOf(editor), article.id, { body: [b.p('The fog lifted.')] }, article.version);
    const page = await doc(await adminGet(app, editor, `/admin/media/${used.id}`));
    expect(page.querySelector(`details.confirm form[action="/admin/media/${used.id}/delete"] button`)!.textContent).toBe('Delete image');
    const deleted = await adminPost(app, editor, `/admin/media/${used.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/admin/media?done=deleted');
    expect(await stored(used.id)).toBeUndefined();
    expect(existsSync(folderOf(used))).toBe(false);
    expect((await adminGet(app, editor, `/admin/media/${used.id}`)).status).toBe(404);
  });

  it('counts a standing page’s body as a use: names the page, linked to its editor, refuses deletion naming it, and allows it once the page lets go', async () => {
    const used = await uploadedImage(services, { alt: 'The newsroom at night' });
    const page = await services.pages.create(actorOf(editor), { slug: 'about-us', title: 'About the Gazette', body: [b.p('Who we are.'), services.media.imageBlock(used)], status: 'published' });

    const item = await doc(await adminGet(app, editor, `/admin/media/${used.id}`));
    expect([...item.querySelectorAll('.media-uses li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['About the Gazette Published Page']);
    expect(item.querySelector(`.media-uses a[href="/admin/pages/${page.id}"]`)!.textContent).toBe('About the Gazette');
    expect(item.querySelector(`form[action="/admin/media/${used.id}/delete"]`)).toBeNull();
    // A writer cannot open the desk's pages, so sees only that one holds the image.
    const asWriter = await doc(await adminGet(app, writer, `/admin/media/${used.id}`));
    expect(asWriter.querySelector('.media-uses')!.textContent).not.toContain('About the Gazette');
    expect(asWriter.querySelector('.media-uses')!.textContent).toContain('and 1 page you cannot open');

    const refused = await adminPost(app, editor, `/admin/media/${used.id}/delete`);
    expect(refused.status).toBe(409);
    expect((await doc(refused)).querySelector('[role="alert"]')!.textContent).toContain('This image cannot be deleted while a page uses it: the page “About the Gazette”. Take it out of them first.');
    expect(await stored(used.id)).toBeDefined();
    expect(existsSync(folderOf(used))).toBe(true);

    await services.pages.update(actorOf(editor), page.id, { slug: 'about-us', title: 'About the Gazette', body: [b.p('Who we are.')], status: 'published' });
    expect((await services.media.uses(actorOf(editor), used.id)).pages).toEqual([]);
    const deleted = await adminPost(app, editor, `/admin/media/${used.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(await stored(used.id)).toBeUndefined();
    expect(existsSync(folderOf(used))).toBe(false);
  });

  describe('roles', () => {
    it('lets a writer upload and edit their own image but not another’s, and never delete', async () => {
      const body = new FormData();
      body.set('file', new File([new Uint8Array(await (await import('sharp')).default({ create: { width: 200, height: 100, channels: 3, background: '#888' } }).png().toBuffer())], 'w.png', { type: 'image/png' }));
      body.set('alt', 'A writer’s own chart');
      const uploaded = await app.request('/admin/media', { method: 'POST', body, headers: { cookie: writer.cookie, origin: adminTestConfig.siteUrl, accept: 'application/json', 'x-csrf-token': writer.csrfToken } });
      expect(uploaded.status).toBe(201);
      const { item } = await uploaded.json();
      expect((await stored(item.id))!.user_id).toBe(writer.user.id);

      expect((await adminPost(app, writer, `/admin/media/${item.id}`, { alt: 'A writer’s corrected chart' })).status).toBe(303);
      expect((await stored(item.id))!.alt).toBe('A writer’s corrected chart');

      const notTheirs = await adminPost(app, writer, `/admin/media/${ferry.id}`, { alt: 'Changed by a writer' });
      expect(notTheirs.status).toBe(403);
      expect(await notTheirs.text()).toContain('may edit only the images they uploaded');
      expect((await stored(ferry.id))!.alt).toBe('A crowded deck');
      const readOnly = await doc(await adminGet(app, writer, `/admin/media/${ferry.id}`));
      expect(readOnly.querySelector(`form[action="/admin/media/${ferry.id}"]`)).toBeNull();
      expect(readOnly.querySelector('#d-alt')!.hasAttribute('disabled')).toBe(true);

      const own = await doc(await adminGet(app, writer, `/admin/media/${item.id}`));
      expect(own.querySelector(`form[action="/admin/media/${item.id}/delete"]`)).toBeNull();
      const refused = await adminPost(app, writer, `/admin/media/${item.id}/delete`);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('A writer may not delete images: it needs the editor role');
      expect(await stored(item.id)).toBeDefined();
    });

    it('lets an editor edit anyone’s image', async () => {
      expect((await adminPost(app, editor, `/admin/media/${harbour.id}`, { alt: 'Fishing boats in the harbour at dawn', caption: 'The fleet returns', credit: 'Photo: A. Lens' })).status).toBe(303);
      expect((await stored(harbour.id))!.alt).toBe('Fishing boats in the harbour at dawn');
    });

    it('names the articles a user cannot open only by their number', async () => {
      const hidden = await services.editorial.create(actorOf(editor), articleInput({ headline: 'An editor’s secret draft', authors: ['ben-writer'], body: [services.media.imageBlock(market)] }));
      const page = await doc(await adminGet(app, otherWriter, `/admin/media/${market.id}`));
      const text = page.querySelector('.media-uses')!.textContent!;
      expect(text).not.toContain('An editor’s secret draft');
      expect(text).toContain('and 1 article you cannot open');
      await services.editorial.save(actorOf(editor), hidden.id, { body: [b.p('No picture.')] }, hidden.version);
    });
  });
});
