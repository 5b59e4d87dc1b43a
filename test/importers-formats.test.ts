import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inputOf } from '../src/content/articles.js';
import { bodyText } from '../src/content/blocks.js';
import { importService } from '../src/importers/import-service.js';
import { importDocuments } from '../src/importers/index.js';
import type { PreparedArticle } from '../src/importers/prepare.js';
import { readInWorker } from '../src/importers/read-in-worker.js';
import { searchDocument } from '../src/search/search-document-postgres.js';
import { tsvectorPairNumbers } from '../src/search/tsvector-pairs.js';
import { createPostgresDatabase, describeEachDatabase, postgresUrl } from './support/databases.js';
import type { Database } from '../src/db/connection.js';

const dir = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/importers');
const fixture = (name: string) => ({ name, content: readFileSync(resolve(dir, name), 'utf8') });
/** These cases read the files' image addresses as written, so nothing is fetched (importers-images.test.ts fetches). */
const keepingImages = { keepRemoteImages: true };

/** The WordPress fixture with its first post repeated `copies` times under new ids and slugs; `slugOf` may make two collide. */
function manyPosts(copies: number, slugOf = (n: number) => `parking-charges-frozen-${n}`): string {
  const wxr = fixture('wordpress-export.xml').content;
  const first = wxr.slice(wxr.indexOf('<item>'), wxr.indexOf('</item>') + '</item>'.length);
  const posts = Array.from({ length: copies }, (_, n) =>
    first.replaceAll('?p=101', `?p=${1000 + n}`).replace('<![CDATA[parking-charges-frozen]]>', `<![CDATA[${slugOf(n)}]]>`),
  );
  return wxr.replace(first, posts.join('\n'));
}

/**
 * The Ghost fixture with its URLs as a real export writes them, under `__GHOST_URL__`; `siteUrl`
 * adds the site's address to its settings. `author` renames the first user, whose photo it gets.
 */
function ghostWithGhostUrls(author: string, siteUrl?: string) {
  const ghost = JSON.parse(fixture('ghost-export.json').content);
  const data = ghost.db[0].data;
  data.posts[0].feature_image = '__GHOST_URL__/content/images/2024/05/lagoon.jpg';
  Object.assign(data.users[0], { slug: author, profile_image: '__GHOST_URL__/content/images/nia.jpg' });
  data.posts[1].mobiledoc = data.posts[1].mobiledoc.replace('https://images.example.org/bus.jpg', '__GHOST_URL__/content/images/bus.jpg');
  data.posts[2].html += '<p><a href="__GHOST_URL__/night-bus-city/">More letters</a><img src="__GHOST_URL__/content/images/letter.jpg" alt="A letter"></p>';
  if (siteUrl) data.settings = [{ key: 'title', value: 'The Lagoon' }, { key: 'url', value: siteUrl }];
  return { name: 'ghost-urls.json', content: JSON.stringify(ghost) };
}

describeEachDatabase('importing Ghost, WordPress and HTML files', (db) => {
  it('imports a Ghost export: lexical, mobiledoc and html bodies, tags as section and topics, users as authors', async () => {
    const { services } = db();
    const summary = await importDocuments(services, [fixture('ghost-export.json')], keepingImages);
    expect(summary.created).toBe(3);
    expect(summary.skipped).toEqual([{ name: 'posts[3] "about"', reason: 'a Ghost page, not a post' }]);
    expect(summary.articles.map((a) => a.path)).toEqual([
      '/environment/2024/05/tidal-lagoon-plan-wins-council-backing',
      expect.stringMatching(/^\/transport\/\d{4}\/\d{2}\/night-bus-city$/),
      '/news/2024/05/letters-on-the-lagoon',
    ]);
    const lagoon = (await services.articles.get(summary.articles[0]!.id))!;
    expect(lagoon).toMatchObject({
      headline: 'Tidal lagoon plan wins council backing',
      standfirst: 'The estuary scheme moves to a public inquiry.',
      status: 'published',
      publishedAt: '2024-05-01T09:00:00.000Z',
      updatedAt: '2024-05-02T10:30:00.000Z',
      imageUrl: 'https://images.example.org/lagoon-wide.jpg',
      seoTitle: 'Lagoon plan backed',
    });
    // The feature image is the lead image, its alt text and caption (Ghost's HTML caption as text) with it.
    expect(lagoon.leadImage).toMatchObject({
      src: 'https://images.example.org/lagoon-wide.jpg',
      mediaId: null,
      alt: 'Mudflats of the estuary at low tide, the sea wall behind',
      caption: 'Where the lagoon would go. Photo: Ana Ruiz',
    });
    expect(lagoon.authors.map((a) => [a.slug, a.name])).toEqual([['nia', 'Nia Okafor'], ['sam-lindqvist', 'Sam Lindqvist']]);
    expect(lagoon.topics.map((t) => t.slug)).toEqual(['energy']);
    expect(lagoon.body.map((b) => b.type)).toEqual(['paragraph', 'heading', 'list', 'image', 'paragraph']);
    expect(lagoon.body[0]).toEqual({
      type: 'paragraph',
      content: [{ text: 'Councillors voted ' }, { text: 'nine to two', bold: true }, { text: ' for the scheme, read the ' }, { text: 'planning report', href: 'https://example.org/report.pdf' }, { text: '.' }],
    });
    expect(bodyText(lagoon.body)).not.toContain('alert');

    const bus = (await services.articles.get(summary.articles[1]!.id))!;
    expect(bus.status).toBe('draft');
    expect(bus.body.map((b) => b.type)).toEqual(['paragraph', 'heading', 'quote', 'list', 'image']);
    const letters = (await services.articles.get(summary.articles[2]!.id))!;
    expect(letters.body).toContainEqual({ type: 'quote', content: [{ text: 'We were not asked.' }], attribution: 'A reader' });
    expect(JSON.stringify(letters.body)).not.toMatch(/javascript|onerror/);

    const again = await importDocuments(services, [fixture('ghost-export.json')], keepingImages);
    expect(again).toMatchObject({ created: 0, updated: 3 });
    expect(await services.articles.count({ sectionSlug: 'environment' })).toBe(1);
  });

  it('imports a WordPress export: posts only, categories as sections, tags as topics, HTML sanitised into blocks', async () => {
    const { services } = db();
    const summary = await importDocuments(services, [fixture('wordpress-export.xml')], keepingImages);
    expect(summary.created).toBe(2);
    expect(summary.skipped.map((s) => s.reason)).toEqual(['an attachment (media library item)', 'a menu item', 'a revision']);
    expect(summary.articles[0]!.path).toBe('/local-politics/2024/02/parking-charges-frozen');
    const post = (await services.articles.get(summary.articles[0]!.id))!;
    expect(post).toMatchObject({ status: 'published', publishedAt: '2024-02-13T18:20:00.000Z', standfirst: 'Charges stay at £1.20 an hour.' });
    expect(post.imageUrl).toBe('https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg');
    // The featured image (_thumbnail_id) is the attachment's file, with its alt text and caption.
    expect(post.leadImage).toMatchObject({
      src: 'https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg',
      alt: "Empty councillors' benches under a carved ceiling",
      caption: "The chamber before Tuesday's vote.",
    });
    expect(post.authors.map((a) => a.name)).toEqual(['Rhys Pritchard']);
    expect(post.topics.map((t) => t.name)).toEqual(['Budget']);
    expect(post.body.map((b) => b.type)).toEqual(['paragraph', 'heading', 'paragraph', 'quote', 'paragraph']);
    expect(post.body[4]).toEqual({ type: 'paragraph', content: [{ text: 'Read the ' }, { text: 'budget papers', href: 'https://valley-ledger.example/budget-papers/' }, { text: ' or this.' }] });
    expect(JSON.stringify(post.body)).not.toMatch(/tracking|javascript|steal/);

    const draft = (await services.articles.get(summary.articles[1]!.id))!;
    expect(draft).toMatchObject({ status: 'draft', slug: 'school-roof-repairs-delayed-by-wet-winter', section: { slug: 'schools' } });

    expect(await importDocuments(services, [fixture('wordpress-export.xml')], keepingImages)).toMatchObject({ created: 0, updated: 2 });
  });

  it('refuses a post whose URL an article already in the database holds, naming both, and writes nothing', async () => {
    const { services } = db();
    await importDocuments(services, [fixture('ghost-export.json')], keepingImages);
    const count = await services.articles.count();
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    // Another export's post (the import knows a Ghost post by its uuid), with the first post's section, date and slug.
    ghost.db[0].data.posts[0].uuid = '11111111-2222-4333-8444-555555555555';
    await expect(importDocuments(services, [{ name: 'other.json', content: JSON.stringify(ghost) }], keepingImages)).rejects.toThrow(
      /^other\.json: posts\[0\] .*the slug "tidal-lagoon-plan-wins-council-backing" is already used by another article at \/environment\/2024\/05\/tidal-lagoon-plan-wins-council-backing/,
    );
    expect(await services.articles.count()).toBe(count);
  });

  it('keeps a re-imported article at the month it was first published in, redirects its old URL when its section changes, and refuses a move onto another article', async () => {
    const { database, services } = db();
    /** The fixture's first post alone, under `uuid`, dated `published`, with `section` for its Environment tag. */
    const post = (uuid: string, published: string, section: string) => {
      const ghost = JSON.parse(fixture('ghost-export.json').content);
      const data = ghost.db[0].data;
      data.posts = [Object.assign(data.posts[0], { uuid, slug: 'lagoon-moves', published_at: published })];
      data.posts_tags = data.posts_tags
        .filter((t: { post_id: string }) => t.post_id === data.posts[0].id)
        .map((t: { tag_id: string }) => (t.tag_id === 't1' ? { ...t, tag_id: section } : t));
      return { name: 'moves.json', content: JSON.stringify(ghost) };
    };
    const first = 'aaaaaaaa-0000-4000-8000-000000000001';
    const [created] = (await importDocuments(services, [post(first, '2024-05-01T09:00:00.000Z', 't1')], keepingImages)).articles;
    expect(created!.path).toBe('/environment/2024/05/lagoon-moves');

    // Dated July and tagged Transport now: the month stays May, the section moves, and the old URL redirects.
    const [moved] = (await importDocuments(services, [post(first, '2024-07-09T09:00:00.000Z', 't4')], keepingImages)).articles;
    expect(moved).toMatchObject({ id: created!.id, status: 'updated', path: '/transport/2024/05/lagoon-moves' });
    expect(await database.db.selectFrom('redirects').select('article_id').where('from_path', '=', '/environment/2024/05/lagoon-moves').execute()).toEqual([{ article_id: created!.id }]);

    // Another export's post takes the Environment URL; moving the first back onto it is refused by name, and nothing changes.
    await importDocuments(services, [post('aaaaaaaa-0000-4000-8000-000000000002', '2024-05-20T09:00:00.000Z', 't1')], keepingImages);
    const count = await services.articles.count();
    await expect(importDocuments(services, [post(first, '2024-07-09T09:00:00.000Z', 't1')], keepingImages)).rejects.toThrow(
      /^moves\.json: posts\[0\] .*the slug "lagoon-moves" is already used by another article at \/environment\/2024\/05\/lagoon-moves/,
    );
    expect(await services.articles.count()).toBe(count);
    expect(await database.db.selectFrom('articles').innerJoin('sections', 'sections.id', 'articles.section_id').select('sections.slug').where('articles.id', '=', created!.id).execute()).toEqual([{ slug: 'transport' }]);
  });

  it("maps Ghost's visibility and WordPress's password and private posts to access levels, and counts them in the summary", async () => {
    const { services } = db();
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    const posts = ghost.db[0].data.posts;
    Object.assign(posts[0], { visibility: 'members' });
    Object.assign(posts[1], { visibility: 'paid', slug: 'night-bus-city-paid' });
    Object.assign(posts[2], { visibility: 'tiers' });
    const fromGhost = await importDocuments(services, [{ name: 'gated.json', content: JSON.stringify(ghost) }], keepingImages);
    expect(await Promise.all(fromGhost.articles.map(async (a) => (await services.articles.get(a.id))!.access))).toEqual(['registered', 'members', 'members']);
    expect(fromGhost.gated).toEqual({ registered: 1, members: 2 });

    const wxr = fixture('wordpress-export.xml').content;
    const items = wxr.split('<item>');
    // The published post gets a password; the draft becomes a private post.
    items[1] = items[1]!.replace('<wp:post_password><![CDATA[]]></wp:post_password>', '<wp:post_password><![CDATA[letmein]]></wp:post_password>');
    items[2] = items[2]!.replace('<wp:status><![CDATA[draft]]></wp:status>', '<wp:status><![CDATA[private]]></wp:status>');
    const fromWordPress = await importDocuments(services, [{ name: 'gated.xml', content: items.join('<item>') }], keepingImages);
    const [withPassword, personal] = await Promise.all(fromWordPress.articles.map(async (a) => (await services.articles.get(a.id))!));
    expect(withPassword).toMatchObject({ access: 'members', status: 'published' });
    // Private to the old site's accounts: members-only, and not published until an editor says so.
    expect(personal).toMatchObject({ access: 'members', status: 'unpublished' });
    expect(fromWordPress.gated).toEqual({ registered: 0, members: 2 });

    // Public posts stay free.
    const plain = await importDocuments(services, [fixture('wordpress-export.xml')], keepingImages);
    expect(plain.gated).toEqual({ registered: 0, members: 0 });
    expect((await services.articles.get(plain.articles[0]!.id))!.access).toBe('free');
  });

  it('records a published article\'s first revision as the article service records one: the same snapshot, its access and lead image included', async () => {
    const { services, database } = db();
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    const posts = ghost.db[0].data.posts;
    Object.assign(posts[0], { visibility: 'paid', title: 'Lagoon "wall" — rebuilt\\again' });
    const summary = await importDocuments(services, [{ name: 'revisions.json', content: JSON.stringify(ghost) }], keepingImages);
    const articles = await Promise.all(summary.articles.map(async (a) => (await services.articles.get(a.id))!));
    // The suite's earlier cases may have imported these posts already: this import's revisions are at the articles' versions now.
    const revisions = await database.db
      .selectFrom('article_revisions')
      .select(['article_id', 'version', 'snapshot'])
      .where('article_id', 'in', articles.map((a) => a.id))
      .orderBy('article_id')
      .orderBy('version')
      .execute();
    const latest = articles.map((a) => revisions.find((r) => r.article_id === a.id && r.version === a.version));
    const published = articles.filter((a) => a.status === 'published');
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(latest.filter(Boolean).map((r) => r!.article_id)).toEqual(published.map((a) => a.id));
    for (const article of published) {
      const revision = latest[articles.indexOf(article)]!;
      expect(JSON.parse(revision.snapshot)).toEqual({ ...inputOf(article), status: article.status, publishedAt: article.publishedAt, updatedAt: article.updatedAt });
    }
    expect(JSON.parse(latest[0]!.snapshot)).toMatchObject({
      access: 'members',
      headline: 'Lagoon "wall" — rebuilt\\again',
      imageAlt: 'Mudflats of the estuary at low tide, the sea wall behind',
      imageCaption: 'Where the lagoon would go. Photo: Ana Ruiz',
    });
  });

  it("takes a Ghost feature image's alt text and caption from the post in older exports, and drops them without an image", async () => {
    const { services } = db();
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    const data = ghost.db[0].data;
    data.posts_meta = [];
    Object.assign(data.posts[0], { feature_image_alt: 'The sea wall at high tide', feature_image_caption: '<p>Spring tides <b>reach</b> the road.</p>' });
    Object.assign(data.posts[1], { feature_image: null, feature_image_alt: 'An image that is not there' });
    const summary = await importDocuments(services, [{ name: 'ghost-4.json', content: JSON.stringify(ghost) }], keepingImages);
    const [lagoon, bus] = await Promise.all(summary.articles.slice(0, 2).map((a) => services.articles.get(a.id)));
    expect(lagoon!.leadImage).toMatchObject({ src: 'https://images.example.org/lagoon-wide.jpg', alt: 'The sea wall at high tide', caption: 'Spring tides reach the road.' });
    expect(bus!.leadImage).toBeNull();
    expect(await services.database.db.selectFrom('articles').select(['image_alt', 'image_caption']).where('id', '=', bus!.id).executeTakeFirst()).toEqual({ image_alt: null, image_caption: null });
  });

  it('imports an HTML article page: Readability body, JSON-LD metadata', async () => {
    const { services } = db();
    const summary = await importDocuments(services, [fixture('article-page.html')], keepingImages);
    const page = (await services.articles.get(summary.articles[0]!.id))!;
    expect(summary.articles[0]!.path).toBe('/business/2024/09/glassworks-closes-after-140-years');
    expect(page).toMatchObject({ headline: 'Glassworks closes after 140 years', standfirst: 'Two hundred jobs go as the last furnace is switched off.', publishedAt: '2024-09-18T06:30:00.000Z' });
    expect(page.authors.map((a) => a.name)).toEqual(['Ellen Marsh', 'Kwame Asante']);
    expect(page.topics.map((t) => t.name)).toEqual(['Manufacturing', 'Jobs']);
    const text = bodyText(page.body);
    expect(text).toMatch(/^The Harrow Lane glassworks/);
    expect(text).not.toMatch(/Subscribe for|Sport|alert|© The Northern Lamp/);
    // The page's og:image (and its og:image:alt) become the lead image; kept at its address, as asked, nothing is fetched.
    expect(page.leadImage).toMatchObject({ src: 'https://northern-lamp.example/img/furnace.jpg', mediaId: null, alt: 'A glassblower at the last furnace, lit orange', sources: [] });
  });

  it("leaves out an HTML page's share image when its URL is broken, and imports the article", async () => {
    const { services } = db();
    const content = fixture('article-page.html').content.replaceAll('https://northern-lamp.example/img/furnace.jpg', 'http://[');
    const summary = await importDocuments(services, [{ name: 'broken-image.html', content }], keepingImages);
    expect((await services.articles.get(summary.articles[0]!.id))!.imageUrl).toBeNull();
  });

  it("rewrites Ghost's __GHOST_URL__ against the export's own site URL, or keeps it a path on this site", async () => {
    const { services } = db();
    const stored = async (file: { name: string; content: string }, author: string) => {
      const summary = await importDocuments(services, [file], keepingImages);
      const [lagoon, bus, letters] = await Promise.all(summary.articles.map((a) => services.articles.get(a.id)));
      const images = [bus!, letters!].flatMap((a) => a.body.flatMap((b) => (b.type === 'image' ? [b.src] : [])));
      const links = letters!.body.flatMap((b) => (b.type === 'paragraph' ? b.content.flatMap((i) => (i.href ? [i.href] : [])) : []));
      const photo = (await services.taxonomy.findAuthor(author))?.photo_url;
      return { feature: lagoon!.imageUrl, images, links, photo };
    };

    expect(await stored(ghostWithGhostUrls('nia-paths'), 'nia-paths')).toEqual({
      feature: '/content/images/2024/05/lagoon.jpg',
      images: ['/content/images/bus.jpg', '/content/images/letter.jpg'],
      links: ['/night-bus-city/'],
      photo: '/content/images/nia.jpg',
    });
    expect(await stored(ghostWithGhostUrls('nia-site', 'https://lagoon.example/'), 'nia-site')).toEqual({
      feature: 'https://lagoon.example/content/images/2024/05/lagoon.jpg',
      images: ['https://lagoon.example/content/images/bus.jpg', 'https://lagoon.example/content/images/letter.jpg'],
      links: ['https://lagoon.example/night-bus-city/'],
      photo: 'https://lagoon.example/content/images/nia.jpg',
    });
  });

  it('refuses a Ghost feature image or profile image that is neither http(s) nor a path on this site, naming where and which field', async () => {
    const { services } = db();
    const before = await services.articles.count();
    for (const [field, url] of [['feature_image', '//h/x'], ['feature_image', 'http://['], ['profile_image', 'javascript:alert(1)'], ['profile_image', '/\\h']] as const) {
      const ghost = JSON.parse(fixture('ghost-export.json').content);
      if (field === 'feature_image') ghost.db[0].data.posts[0].feature_image = url;
      else ghost.db[0].data.users[0].profile_image = url;
      const expected = field === 'feature_image' ? /^bad\.json: posts\[0\] "tidal-lagoon-plan-wins-council-backing": .*imageUrl: must be a web address/ : /^bad\.json: posts\[0\] "tidal-lagoon-plan-wins-council-backing": .*users\[0\] "Nia Okafor".*profile_image: must be a web address/;
      await expect(importDocuments(services, [{ name: 'bad.json', content: JSON.stringify(ghost) }], keepingImages), url).rejects.toThrow(expected);
    }
    expect(await services.articles.count()).toBe(before);
  });

  it('imports any well-formed WordPress export: self-closing elements, comments, processing instructions, CDATA in odd places, namespaces on an inner element', async () => {
    const { services } = db();
    const summary = await importDocuments(services, [fixture('wordpress-sample-export.xml')], keepingImages);
    expect(summary.articles.map((a) => a.path)).toEqual(['/farming/2024/04/shearing-season']);
    const post = (await services.articles.get(summary.articles[0]!.id))!;
    expect(post).toMatchObject({ headline: 'Shearing season starts early', status: 'published', publishedAt: '2024-04-16T07:30:00.000Z' });
    expect(post.authors.map((a) => a.name)).toEqual(['Owen Blake']);
    expect(post.topics.map((t) => t.name)).toEqual(['Sheep']);
    expect(bodyText(post.body)).toContain('Wool prices have risen');

    const malformed = fixture('wordpress-sample-export.xml').content.replace('<wp:post_password/>', '<wp:post_password>');
    await expect(importDocuments(services, [{ name: 'cut.xml', content: malformed }], keepingImages)).rejects.toThrow(/^cut\.xml: not well-formed XML at line 41: unexpected close tag/);
  });

  // 1,000 nested elements held Readability for 14 s; the per-test timeout is the guard.
  it('refuses an HTML page nested past the depth cap before Readability reads it, naming the cap', { timeout: 5_000 }, async () => {
    const { services } = db();
    const before = await services.articles.count();
    const paragraph = `<p>${'A paragraph long enough to count as the body of an article. '.repeat(4)}</p>`;
    const page = `<!doctype html>\n<html><head><title>Deep</title></head><body>\n${'<div>'.repeat(1_000)}${paragraph}${'</div>'.repeat(1_000)}</body></html>`;
    await expect(importDocuments(services, [{ name: 'deep.html', content: page }], keepingImages)).rejects.toThrow(
      'deep.html: elements nested more than 200 deep (at line 3); the limit for an HTML page is 200',
    );
    expect(await services.articles.count()).toBe(before);
  });

  it('refuses a Ghost post whose HTML body nests past the depth cap, naming the post, and writes nothing', { timeout: 5_000 }, async () => {
    const { services } = db();
    const before = await services.articles.count();
    const html = JSON.parse(fixture('ghost-export.json').content);
    Object.assign(html.db[0].data.posts[1], { lexical: null, mobiledoc: null, html: `${'<blockquote>'.repeat(100_000)}x${'</blockquote>'.repeat(100_000)}` });
    await expect(importDocuments(services, [{ name: 'deep.json', content: JSON.stringify(html) }], keepingImages)).rejects.toThrow(/^deep\.json: posts\[1\] "[^"]+": elements nested more than 200 deep \(at line 1\)/);
    expect(await services.articles.count()).toBe(before);
  });

  it('fails a whole file, naming where, and writes none of it', async () => {
    const { services } = db();
    const before = await services.articles.count();
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    ghost.db[0].data.posts[2].title = '';
    await expect(importDocuments(services, [{ name: 'broken.json', content: JSON.stringify(ghost) }], keepingImages)).rejects.toThrow(/^broken\.json: posts\[2\] "letters-on-the-lagoon": .*headline/);
    const wxr = fixture('wordpress-export.xml').content.replace('<wp:post_type><![CDATA[revision]]></wp:post_type>', '<wp:post_type>revision</wp:post_typ>');
    await expect(importDocuments(services, [{ name: 'broken.xml', content: wxr }], keepingImages)).rejects.toThrow(/^broken\.xml: not well-formed XML at line \d+/);
    await expect(importDocuments(services, [{ name: 'x.json', content: '{"posts": 3}' }], keepingImages)).rejects.toThrow(/^x\.json: not a Ghost export/);
    expect(await services.articles.count()).toBe(before);
  });

  it('indexes imported articles for search as it writes them (on PostgreSQL beside the writes), and a re-import with new words replaces the old', async () => {
    const { services } = db();
    const orders = (noun: string) => manyPosts(3, (n) => `tidal-${n}`).replaceAll('Town council freezes parking charges for a second year', `Council orders three ${noun}`);
    const first = await importDocuments(services, [{ name: 'orders.xml', content: orders('hovercraft') }], keepingImages);
    const found = (q: string) => services.search.search({ q }).then((r) => r.hits.map((h) => h.id).sort((a, b) => a - b));
    const ids = first.articles.filter((a) => a.path.includes('/tidal-')).map((a) => a.id).sort((a, b) => a - b);
    expect(ids).toHaveLength(3);
    expect(await found('hovercraft')).toEqual(ids);
    expect(await found('"council orders"')).toEqual(ids);

    await importDocuments(services, [{ name: 'orders.xml', content: orders('catamarans') }], keepingImages);
    expect(await found('hovercraft')).toEqual([]);
    expect(await found('catamarans')).toEqual(ids);
  });

  // Three imports of 1,200 posts each: seconds on a quiet machine, tens of seconds when CI shares its two cores.
  it('reads a large export on a second thread, batch by batch, with the same articles and the same all-or-nothing failures', { timeout: 120_000 }, async () => {
    const { database, services } = db();
    const threaded = importService(database, { timeZone: 'Europe/London', readInWorkerFrom: 0, mediaStorage: services.media.storage });
    const summary = await threaded.importDocuments([{ name: 'many.xml', content: manyPosts(1200) }], keepingImages);
    expect(summary.articles).toHaveLength(1201);
    expect(summary.skipped.map((s) => s.reason)).toEqual(['an attachment (media library item)', 'a menu item', 'a revision']);
    const last = (await services.articles.get(summary.articles[1199]!.id))!;
    expect(last).toMatchObject({ path: '/local-politics/2024/02/parking-charges-frozen-1199', imageUrl: 'https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg' });
    expect(last.topics.map((t) => t.name)).toEqual(['Budget']);
    // Every batch's 1,200 published copies are indexed, the last batch's too: on PostgreSQL a batch's search rows are stored as the next batch starts, the last batch's when the file ends (SQLite indexes the draft as well).
    const indexed = await sql<{ n: number | string }>`SELECT count(*) AS n FROM article_search`.execute(database.db);
    expect(Number(indexed.rows[0]!.n)).toBeGreaterThanOrEqual(1200);
    const count = await services.articles.count();

    // The 1,100th post takes the first one's URL: batches apart, and after the first batch was written.
    const clash = manyPosts(1200, (n) => `clash-${n === 1100 ? 0 : n}`);
    await expect(threaded.importDocuments([{ name: 'clash.xml', content: clash }], keepingImages)).rejects.toThrow(
      /^clash\.xml: item 1101 \(line \d+\) .*: its URL \/local-politics\/2024\/02\/clash-0 is already taken by the article at item 1 /,
    );
    // Posts of another site, the 1,100th at a URL the first file's 6th holds: found in the database while the batch before it is still being written.
    const taken = manyPosts(1200, (n) => (n === 1100 ? 'parking-charges-frozen-5' : `taken-${n}`)).replaceAll('?p=', '?p=9');
    await expect(threaded.importDocuments([{ name: 'taken.xml', content: taken }], keepingImages)).rejects.toThrow(
      /^taken\.xml: item 1101 \(line \d+\) .*the slug "parking-charges-frozen-5" is already used by another article at \/local-politics\/2024\/02\/parking-charges-frozen-5/,
    );
    const ghost = JSON.parse(fixture('ghost-export.json').content);
    ghost.db[0].data.posts[2].title = '';
    await expect(threaded.importDocuments([{ name: 'broken.json', content: JSON.stringify(ghost) }], keepingImages)).rejects.toThrow(/^broken\.json: posts\[2\] "letters-on-the-lagoon": .*headline/);
    expect(await services.articles.count()).toBe(count);
  });
});

/** The article tables' indexes (by name, with their definitions and oids) and foreign keys, as PostgreSQL's catalog gives them. */
async function articleSchema(database: Database) {
  const tables = ['articles', 'article_authors', 'article_topics', 'article_revisions', 'article_search'];
  const indexes = await sql<{ name: string; definition: string; oid: number; unique: boolean }>`
    SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition, i.oid::int AS oid, x.indisunique AS unique
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname = ANY(${tables}::text[]) ORDER BY i.relname`.execute(database.db);
  const keys = await sql<{ name: string; definition: string }>`
    SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE c.contype = 'f' AND t.relname = ANY(${tables}::text[]) ORDER BY c.conname`.execute(database.db);
  return {
    definitions: [...indexes.rows.map((i) => `${i.name}: ${i.definition}`), ...keys.rows.map((k) => `${k.name}: ${k.definition}`)],
    /** The oids of the indexes that are not unique: new ones once an index was dropped and built again. */
    rebuilt: indexes.rows.filter((i) => !i.unique).map((i) => i.oid),
  };
}

describe.skipIf(!postgresUrl)('a first import into a PostgreSQL site with no articles', () => {
  it('builds the article tables\' indexes that are not unique and their foreign keys once at the end, the same ones again, and leaves them alone on a site with articles', { timeout: 120_000 }, async () => {
    const { database, services, close } = await createPostgresDatabase();
    try {
      const bulk = importService(database, { timeZone: 'Europe/London', readInWorkerFrom: 0, bulkLoadFrom: 1000, mediaStorage: services.media.storage });
      const before = await articleSchema(database);
      expect(before.rebuilt.length).toBeGreaterThan(20);
      expect(before.definitions.filter((d) => d.includes('USING gin'))).toHaveLength(3);

      // A failure after the first batches were written: the drops are undone with the rest.
      const clash = manyPosts(1200, (n) => `clash-${n === 1100 ? 0 : n}`);
      await expect(bulk.importDocuments([{ name: 'clash.xml', content: clash }], keepingImages)).rejects.toThrow(/its URL \/local-politics\/2024\/02\/clash-0 is already taken/);
      expect(await articleSchema(database)).toEqual(before);
      expect(await services.articles.count()).toBe(0);

      // Only the first file skips looking up keys and URLs: a second one meets the first one's articles.
      const taken = manyPosts(1, () => 'parking-charges-frozen-5').replaceAll('?p=1000', '?p=9000');
      await expect(bulk.importDocuments([{ name: 'many.xml', content: manyPosts(1200) }, { name: 'taken.xml', content: taken }], keepingImages)).rejects.toThrow(
        /^taken\.xml: .*the slug "parking-charges-frozen-5" is already used by another article/,
      );
      expect(await articleSchema(database)).toEqual(before);

      const summary = await bulk.importDocuments([{ name: 'many.xml', content: manyPosts(1200) }, { name: 'again.xml', content: manyPosts(2) }], keepingImages);
      expect([summary.created, summary.updated]).toEqual([1201, 3]);
      const after = await articleSchema(database);
      expect(after.definitions).toEqual(before.definitions);
      expect(after.rebuilt.filter((oid) => before.rebuilt.includes(oid))).toEqual([]);
      // What the rebuilt indexes and checked keys serve: the articles, their authors, topics and search rows.
      const last = (await services.articles.get(summary.articles[1199]!.id))!;
      expect(last).toMatchObject({ path: '/local-politics/2024/02/parking-charges-frozen-1199' });
      expect(last.topics.map((t) => t.name)).toEqual(['Budget']);
      expect((await services.search.search({ q: '"parking charges"' })).hits.length).toBeGreaterThan(0);
      expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM article_search`.execute(database.db)).rows[0]!.n)).toBe(1200);
      // Whichever thread made them, the documents are the ones the server makes of each article's own words.
      const differing = await sql<{ n: string }>`SELECT count(*) AS n FROM article_search s JOIN articles a ON a.id = s.article_id
        WHERE s.document <> ${sql.raw(searchDocument('a.headline', 'a.standfirst', 'a.body_text'))}`.execute(database.db);
      expect(Number(differing.rows[0]!.n)).toBe(0);
      await expect(sql`INSERT INTO article_topics (article_id, topic_id, position) VALUES (${last.id}, -1, 9)`.execute(database.db)).rejects.toThrow(/foreign key/);

      // The site now has articles: the same large file again updates them through the indexes as they are.
      expect((await bulk.importDocuments([{ name: 'many.xml', content: manyPosts(1200) }], keepingImages)).updated).toBe(1201);
      expect(await articleSchema(database)).toEqual(after);
    } finally {
      await close();
    }
  });
});

describe.skipIf(!postgresUrl)('a large export read on a second thread for PostgreSQL', () => {
  it('has the reading thread make the search documents of batches the writer has not reached, each the one the server makes of its own words', { timeout: 60_000 }, async () => {
    const { database, close } = await createPostgresDatabase();
    try {
      const batches: PreparedArticle[][] = [];
      let story = 0;
      const posts = manyPosts(2000, (n) => `tide-${n}`).replace(/Town council freezes parking charges for a second year/g, () => `Tide table number ${++story}`);
      for await (const message of readInWorker(posts, 'wxr', { name: 'many.xml', timeZone: 'Europe/London', at: new Date().toISOString() }, database.url)) {
        if (message.kind !== 'batch') continue;
        batches.push(message.articles);
        // A slow writer: the thread gets ahead of it.
        await new Promise((done) => setTimeout(done, 600));
      }
      expect(batches.map((b) => b.length)).toEqual([500, 500, 500, 500, 1]);
      // The first two batches went out before the thread could be two ahead: the writer makes theirs.
      expect(batches.slice(0, 2).flat().filter((p) => p.searchDocument)).toEqual([]);
      const made = batches.slice(3, 4).flat();
      expect(made.every((p) => p.status === 'published' && p.searchDocument)).toBe(true);

      const { rows } = await sql<{ document: Buffer }>`SELECT tsvectorsend(${sql.raw(searchDocument('t.headline', 't.standfirst', 't.body_text'))}) AS document
        FROM unnest(${made.map((p) => p.headline)}::text[], ${made.map((p) => p.standfirst)}::text[], ${made.map((p) => p.bodyText)}::text[]) WITH ORDINALITY AS t(headline, standfirst, body_text, n)
        ORDER BY t.n`.execute(database.db);
      expect(made.map((p) => Buffer.from(p.searchDocument!.document).toString('hex'))).toEqual(rows.map((r) => r.document.toString('hex')));
      expect(made.map((p) => p.searchDocument!.pairs)).toEqual(rows.map((r) => tsvectorPairNumbers(r.document)));
      // Each article's own: the story numbers differ from one to the next.
      expect(new Set(made.map((p) => Buffer.from(p.searchDocument!.document).toString('hex'))).size).toBe(made.length);
    } finally {
      await close();
    }
  });
});
