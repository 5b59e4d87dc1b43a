import sharp from 'sharp';
import { beforeAll, expect, it, vi } from 'vitest';
import { b } from '../src/content/blocks.js';
import { adminGet, adminPost, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, seedNewsroom } from './support/fixtures.js';

describeEachDatabase('the writing screen', (fixture) => {
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;
  let writer: SignedIn;
  beforeAll(async () => {
    const { services } = fixture();
    const { authors } = await seedNewsroom(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
    writer = await signIn(app, services, 'writer', { authorId: authors[1]!.id });
  });

  /** The whole form as a browser posts it, with the stored version. */
  const formOf = (version: number, overrides: Record<string, string> = {}) => ({
    version: String(version),
    headline: 'Harbour strike enters second week',
    standfirst: 'Dock workers hold out.',
    section: 'world',
    authors: 'ada-reporter',
    topics: 'russia',
    body: JSON.stringify([b.p('Cranes stood idle.')]),
    ...overrides,
  });

  const draft = () => fixture().services.articles.create(articleInput());

  it('schedules at a local time in the site zone: BST in summer, GMT in winter, stored in UTC and shown with the zone named', async () => {
    const { services } = fixture();
    const summer = await draft();
    const res = await adminPost(app, editor, `/admin/articles/${summer.id}`, formOf(summer.version, { then: 'schedule', when: '2099-07-01T09:30' }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/articles/${summer.id}?done=scheduled`);
    expect(await services.articles.get(summer.id)).toMatchObject({ status: 'scheduled', scheduledFor: '2099-07-01T08:30:00.000Z', headline: 'Harbour strike enters second week' });
    const html = await (await adminGet(app, editor, `/admin/articles/${summer.id}`)).text();
    expect(html).toMatch(/Publishes <time datetime="2099-07-01T08:30:00.000Z">Wed 1 Jul 2099, 09:30 BST<\/time>/);

    const winter = await draft();
    expect(await (await adminGet(app, editor, `/admin/articles/${winter.id}`)).text()).toMatch(/<label for="f-when">Publish at, Europe\/London \((GMT|BST)\) time<\/label>/);
    expect((await adminPost(app, editor, `/admin/articles/${winter.id}`, formOf(winter.version, { then: 'schedule', when: '2099-01-15T09:30' }))).status).toBe(303);
    expect((await services.articles.get(winter.id))?.scheduledFor).toBe('2099-01-15T09:30:00.000Z');
  });

  it('refuses a local time the clocks skip, inline beside the box, with the typing kept and nothing saved', async () => {
    const { services } = fixture();
    const article = await draft();
    const res = await adminPost(app, editor, `/admin/articles/${article.id}`, formOf(article.version, { headline: 'My unsaved headline', then: 'schedule', when: '2099-03-29T01:30' }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('2099-03-29 01:30 does not exist in Europe/London');
    expect(html).toMatch(/<input id="f-when" type="datetime-local" name="when" value="2099-03-29T01:30" aria-invalid="true"/);
    expect(html).toContain('value="My unsaved headline"');
    expect(await services.articles.get(article.id)).toMatchObject({ status: 'draft', version: article.version, headline: article.headline });

    const missing = await adminPost(app, editor, `/admin/articles/${article.id}`, formOf(article.version, { then: 'schedule', when: '' }));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('is required to schedule');
  });

  it('answers the pickers: search by name, guest authors and topics created by editors only', async () => {
    const { services } = fixture();
    const found = await (await adminGet(app, writer, '/admin/pickers/authors?q=REPORT')).json();
    expect(found).toEqual({ items: [{ slug: 'ada-reporter', name: 'Ada Reporter' }] });
    expect(await (await adminGet(app, writer, '/admin/pickers/topics?q=elec')).json()).toEqual({ items: [{ slug: 'elections', name: 'Elections' }] });
    // A % is a character, not a wildcard.
    expect(await (await adminGet(app, writer, '/admin/pickers/topics?q=%25')).json()).toEqual({ items: [] });

    const json = (who: SignedIn, path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { cookie: who.cookie, origin: 'http://localhost', 'content-type': 'application/json', 'x-csrf-token': who.csrfToken },
      });
    const refused = await json(writer, '/admin/pickers/topics', { name: 'Harbours' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toContain('needs the editor role');
    expect(await services.taxonomy.findTopic('harbours')).toBeUndefined();
    expect((await json(writer, '/admin/pickers/authors', { name: 'Guest Person' })).status).toBe(403);

    const topic = await json(editor, '/admin/pickers/topics', { name: 'Harbours' });
    expect(topic.status).toBe(201);
    expect(await topic.json()).toEqual({ slug: 'harbours', name: 'Harbours' });

    const guest = await json(editor, '/admin/pickers/authors', { name: 'Mara Guest', bio: 'A dock worker writing for us once.' });
    expect(guest.status).toBe(201);
    expect(await guest.json()).toEqual({ slug: 'mara-guest', name: 'Mara Guest' });
    const profile = await services.taxonomy.findAuthor('mara-guest');
    expect(profile).toMatchObject({ name: 'Mara Guest', bio: 'A dock worker writing for us once.' });
    const accounts = await services.database.db.selectFrom('users').select('id').where('author_id', '=', profile!.id).execute();
    expect(accounts).toEqual([]);
    const empty = await json(editor, '/admin/pickers/authors', { name: '  ' });
    expect(empty.status).toBe(422);
  });

  it('keeps a lead image from the library: alt text required inline, focal point used by the reader page crop and og:image', async () => {
    const { services } = fixture();
    const photo = await sharp({ create: { width: 1400, height: 900, channels: 3, background: '#468' } }).jpeg().toBuffer();
    const item = await services.media.upload({ bytes: photo, name: 'docks.jpg' }, { alt: 'Cranes', caption: '', credit: '' });
    const article = await draft();

    const noAlt = await adminPost(app, editor, `/admin/articles/${article.id}`, formOf(article.version, { headline: 'Typed, not lost', imageMediaId: String(item.id), imageAlt: '', imageFocalX: '30' }));
    expect(noAlt.status).toBe(422);
    const html = await noAlt.text();
    expect(html).toMatch(/<p class="field-error" id="f-imageAlt-error">.*is required for the lead image/);
    expect(html).toContain('value="Typed, not lost"');
    expect(html).toContain(`<option value="${item.id}" selected="">`);
    expect(html).toMatch(/<input id="f-imageFocalX" name="imageFocalX" type="number" value="30"/);
    expect((await services.articles.get(article.id))?.leadImage).toBeNull();

    const fields = { imageMediaId: String(item.id), imageAlt: 'Idle cranes at the docks', imageCaption: 'The port on Monday.', imageCredit: 'Photo: Desk', imageFocalX: '28', imageFocalY: '71' };
    const saved = await adminPost(app, editor, `/admin/articles/${article.id}`, formOf(article.version, { ...fields, then: 'publish' }));
    expect(saved.status).toBe(303);
    const stored = await services.articles.get(article.id);
    expect(stored?.leadImage).toMatchObject({ mediaId: item.id, alt: 'Idle cranes at the docks', caption: 'The port on Monday.', credit: 'Photo: Desk', focalX: 28, focalY: 71, src: item.src });

    const page = await (await app.request(stored!.path)).text();
    expect(page).toMatch(/<figure class="lead-image"><picture>.*<source type="image\/webp" srcset="[^"]+ 320w, [^"]+ 640w, [^"]+ 1024w, [^"]+ 1400w".*<img class="lead-image-crop focal-x-30 focal-y-70" src="[^"]+\.webp"/);
    expect(page).toContain('alt="Idle cranes at the docks"');
    expect(page).toMatch(/<figcaption>The port on Monday\.<span class="credit"> Photo: Desk<\/span><\/figcaption>/);
    expect(page).toContain(`<meta property="og:image" content="http://localhost${item.src}"`);

    // Taking the image away takes its URL with it.
    await adminPost(app, editor, `/admin/articles/${article.id}`, formOf(stored!.version, { imageMediaId: '', imageAlt: '' }));
    expect((await services.articles.get(article.id))?.leadImage).toBeNull();
  });

  it('serves the pickers as plain slug fields for the islands to enhance, offering creation to editors only', async () => {
    const article = await fixture().services.articles.create(articleInput({ authors: ['ada-reporter', 'ben-writer'], topics: ['russia'] }));
    const asEditor = await (await adminGet(app, editor, `/admin/articles/${article.id}`)).text();
    // Without JavaScript the byline is a comma-separated field in order; the island reads the names from data-chosen.
    expect(asEditor).toContain(
      '<input id="f-authors" name="authors" value="ada-reporter, ben-writer" aria-describedby="f-authors-hint" data-search="/admin/pickers/authors" data-create="/admin/pickers/authors" data-ordered="true" data-chosen="[{&quot;slug&quot;:&quot;ada-reporter&quot;,&quot;name&quot;:&quot;Ada Reporter&quot;},{&quot;slug&quot;:&quot;ben-writer&quot;,&quot;name&quot;:&quot;Ben Writer&quot;}]"/>',
    );
    expect(asEditor).toContain('<span class="picker-format">Author slugs in byline order, separated by commas.</span>');
    expect(asEditor).toMatch(/<input id="f-topics" name="topics" value="russia"[^>]* data-create="\/admin\/pickers\/topics"/);
    expect(asEditor).toContain('<script type="module" src="/static/admin/pickers.js">');
    expect(asEditor).toContain('<script type="module" src="/static/admin/writing-panel.js">');

    const asWriter = await (await adminGet(app, writer, `/admin/articles/${article.id}`)).text();
    expect(asWriter).not.toContain('data-create=');
    expect(asWriter).toContain('separated by commas.</span> You may add or remove only your own; an editor changes the others.');
  });

  it('suggests topics only when asked: the page never waits for them; the island reads them as JSON, a page without JavaScript reloads with them', async () => {
    const { services } = fixture();
    const article = await services.articles.create(
      articleInput({ headline: 'Russia tightens its hold', body: [b.p('Russia moved troops. In Russia, the talks stalled, and Russia said so.')], topics: [] }),
    );
    const suggest = vi.spyOn(services.topicSuggestions, 'forArticle');
    try {
      const page = await adminGet(app, editor, `/admin/articles/${article.id}`);
      expect(page.status).toBe(200);
      expect(suggest).not.toHaveBeenCalled();
      expect(await page.text()).toContain(
        `<p class="hint picker-suggestions" id="f-topics-suggestions" data-suggestions="/admin/articles/${article.id}/topic-suggestions"><a href="/admin/articles/${article.id}?suggest=topics#f-topics">Suggest topics from the saved article</a></p>`,
      );

      const json = await adminGet(app, editor, `/admin/articles/${article.id}/topic-suggestions`);
      expect(json.status).toBe(200);
      expect((await json.json()).items).toContainEqual({ slug: 'russia', name: 'Russia', existing: true });

      // Without JavaScript the plain field takes slugs, so only topics the newsroom has are listed.
      const reloaded = await (await adminGet(app, editor, `/admin/articles/${article.id}?suggest=topics`)).text();
      expect(reloaded).toMatch(/<p class="hint picker-suggestions" id="f-topics-suggestions" data-suggestions="[^"]+">Suggested from the saved article: russia[.,]/);
      expect(suggest).toHaveBeenCalledTimes(2);
    } finally {
      suggest.mockRestore();
    }
    // A writer who may not open the draft may not read its suggestions either: to them it is not there.
    expect((await adminGet(app, writer, `/admin/articles/${article.id}`)).status).toBe(404);
    expect((await adminGet(app, writer, `/admin/articles/${article.id}/topic-suggestions`)).status).toBe(404);
  });

  it('links the editor island’s stylesheet in the head, so its toolbar is never drawn unstyled', async () => {
    const article = await draft();
    const html = await (await adminGet(app, editor, `/admin/articles/${article.id}`)).text();
    expect(html).toMatch(/<head>.*<link rel="stylesheet" href="\/static\/newsroom-editor.css"\/>.*<\/head>/s);
  });

  it('opens the correction note from the publish panel of a published article, and names the zone of a kept autosave', async () => {
    const { services } = fixture();
    const article = await services.articles.create(articleInput(), { status: 'published', publishedAt: '2026-06-07T09:00:00.000Z' });
    const html = await (await adminGet(app, editor, `/admin/articles/${article.id}`)).text();
    expect(html).toMatch(/<details class="writing-note"><summary class="btn btn-secondary">Add a correction or update<\/summary>/);
    expect(html).toContain('<form method="post" action="/admin/articles/' + article.id + '/note" id="note-form">');
    const res = await adminPost(app, editor, `/admin/articles/${article.id}/note`, { version: article.version, kind: 'correction', text: 'We misnamed the port.' });
    expect(res.headers.get('location')).toBe(`/admin/articles/${article.id}?done=note-added`);
    expect((await services.articles.get(article.id))?.body.at(-1)).toMatchObject({ type: 'note', text: 'We misnamed the port.' });
  });
});
