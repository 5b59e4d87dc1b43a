import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Block } from '../src/content/blocks.js';
import { importDocuments } from '../src/importers/index.js';
import { readBatches } from '../src/importers/read.js';
import { remoteImages } from '../src/importers/remote-images.js';
import { describeEachDatabase } from './support/databases.js';

const dir = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/importers');
const fixtureText = (name: string) => readFileSync(resolve(dir, name), 'utf8');

/** The old site: pictures under /pics/, a missing one, and a web page where a picture should be. Counts every request by path. */
let oldSite: Server;
let base = '';
const requests = new Map<string, number>();
let jpeg: Buffer;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 90, b: 140 } } })
    .jpeg()
    .toBuffer();
  oldSite = createServer((req, res) => {
    requests.set(req.url!, (requests.get(req.url!) ?? 0) + 1);
    if (req.url!.startsWith('/pics/')) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
    else if (req.url === '/page.jpg') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p>Not found, but friendly</p>');
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });
  await new Promise<void>((done) => oldSite.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(oldSite.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => oldSite.close(() => done())));

/**
 * The Ghost fixture pointing at the old site: the first post's feature image and the second
 * post's body image are the same picture; the first post's body image is another; the third
 * post names a missing picture and a web page.
 */
function ghostExport(prefix: string) {
  const ghost = JSON.parse(fixtureText('ghost-export.json'));
  const posts = ghost.db[0].data.posts;
  posts[0].feature_image = `${base}/pics/${prefix}-wide.jpg`;
  posts[0].lexical = posts[0].lexical.replace('https://images.example.org/lagoon.jpg', `${base}/pics/${prefix}-estuary.jpg`);
  posts[1].mobiledoc = posts[1].mobiledoc.replace('https://images.example.org/bus.jpg', `${base}/pics/${prefix}-wide.jpg`);
  posts[2].html += `<p><img src="${base}/missing.jpg" alt="A letter"></p><p><img src="${base}/page.jpg" alt="A stamp"></p>`;
  return { name: 'ghost.json', content: JSON.stringify(ghost) };
}

/** The WordPress fixture with its featured image on the old site. */
function wordpressExport(prefix: string) {
  const content = fixtureText('wordpress-export.xml').replaceAll('https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg', `${base}/pics/${prefix}-chamber.jpg`);
  return { name: 'wordpress.xml', content };
}

/** A name no other case (or the other database's run) uses, so that request counts are this case's own. */
let runs = 0;
const fresh = (name: string) => `${name}${++runs}`;

const mediaPath = /^\/media\/u\/[0-9a-f]{32}\/\d+\.(webp|avif)$/;
const images = (body: Block[]) => body.flatMap((b) => (b.type === 'image' ? [b] : []));

describeEachDatabase('imported pictures come home', (db) => {
  it('fetches lead and body images once each into the media library, with renditions, sizes and their text; a failure leaves the picture out and is listed', async () => {
    const { services } = db();
    const run = fresh('a');
    const summary = await importDocuments(services, [ghostExport(run), wordpressExport(run)], { allowPrivateHosts: true });
    expect(summary.created).toBe(5);
    const [lagoon, bus, letters, parking] = await Promise.all(summary.articles.slice(0, 4).map(async (a) => (await services.articles.get(a.id))!));

    // The Ghost feature image: a library item, WebP and AVIF at every width up to its own, its size known, its words kept.
    const lead = lagoon!.leadImage!;
    expect(lead.src).toMatch(mediaPath);
    expect(lead.mediaId).toEqual(expect.any(Number));
    expect(lead).toMatchObject({ width: 1200, height: 800, alt: 'Mudflats of the estuary at low tide, the sea wall behind', caption: 'Where the lagoon would go. Photo: Ana Ruiz' });
    expect(lead.sources.map((s) => s.width)).toEqual([320, 640, 1024, 1200]);
    expect(lead.avif.map((s) => s.width)).toEqual([320, 640, 1024, 1200]);
    expect([...lead.sources, ...lead.avif].every((s) => mediaPath.test(s.src))).toBe(true);
    const item = await services.media.get(lead.mediaId!);
    expect(item).toMatchObject({ alt: 'Mudflats of the estuary at low tide, the sea wall behind', caption: 'Where the lagoon would go. Photo: Ana Ruiz', width: 1200, height: 800 });
    const row = await services.database.db.selectFrom('media').select('source_url').where('id', '=', lead.mediaId!).executeTakeFirstOrThrow();
    expect(row.source_url).toBe(`${base}/pics/${run}-wide.jpg`);

    // The body image: stored the same way, with the article's alt text.
    const [estuary] = images(lagoon!.body);
    expect(estuary).toMatchObject({ alt: 'The estuary at low tide', width: 1200, height: 800 });
    expect(estuary!.src).toMatch(mediaPath);
    expect(estuary!.sources).toHaveLength(4);
    expect(estuary!.avif).toHaveLength(4);

    // The second article's body names the first one's feature image: one fetch, one library item.
    expect(images(bus!.body).map((i) => i.src)).toEqual([lead.src]);
    expect(requests.get(`/pics/${run}-wide.jpg`)).toBe(1);
    expect(summary.imagesFetched).toBe(3);

    // The WordPress featured image came home too.
    expect(parking!.leadImage).toMatchObject({ alt: "Empty councillors' benches under a carved ceiling", caption: "The chamber before Tuesday's vote.", width: 1200, height: 800 });
    expect(parking!.leadImage!.src).toMatch(mediaPath);

    // What could not be had is left out of the article, which imported anyway, and listed by address with the reason.
    expect(images(letters!.body)).toEqual([]);
    expect(summary.imageFailures).toEqual([
      { url: `${base}/missing.jpg`, reason: 'the server answered 404 Not Found', articles: ['ghost.json: posts[2] "letters-on-the-lagoon"'] },
      { url: `${base}/page.jpg`, reason: 'not an image (text/html)', articles: ['ghost.json: posts[2] "letters-on-the-lagoon"'] },
    ]);
  });

  it('does not fetch again what the media library already holds when the same export is imported again', async () => {
    const { services } = db();
    const run = fresh('b');
    const first = await importDocuments(services, [ghostExport(run)], { allowPrivateHosts: true });
    const countMedia = async () => Number((await services.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const mediaBefore = await countMedia();
    const again = await importDocuments(services, [ghostExport(run)], { allowPrivateHosts: true });
    expect(again.updated).toBe(3);
    expect(again.imagesFetched).toBe(0);
    expect(requests.get(`/pics/${run}-wide.jpg`)).toBe(1);
    expect(requests.get(`/pics/${run}-estuary.jpg`)).toBe(1);
    expect(await countMedia()).toBe(mediaBefore);
    const lagoon = (await services.articles.get(first.articles[0]!.id))!;
    expect(lagoon.leadImage!.src).toMatch(mediaPath);
    expect(lagoon.leadImage!.mediaId).toEqual(expect.any(Number));
  });

  it('lets go of the search document a reading thread made of words that a dropped picture took with it', async () => {
    const { services } = db();
    const run = fresh('d');
    const ghost = JSON.parse(ghostExport(run).content);
    ghost.db[0].data.posts[2].html += `<figure><img src="${base}/missing.jpg" alt="A letter"><figcaption>The letter from Saltmarsh quay</figcaption></figure>`;
    const [batch] = [...readBatches(JSON.stringify(ghost), 'ghost', { name: 'ghost.json', timeZone: 'Europe/London', at: new Date().toISOString() })].flatMap((m) => (m.kind === 'batch' ? [m.articles] : []));
    const [lagoon, , letters] = batch!;
    expect(letters!.bodyText).toContain('Saltmarsh quay');
    for (const p of batch!) p.searchDocument = { document: new Uint8Array([1]), pairs: [] };

    await remoteImages(services.database.db, { storage: services.media.storage, allowPrivateHosts: true }).localize(batch!, 'ghost.json');
    expect(letters!.bodyText).not.toContain('Saltmarsh quay');
    expect(letters!.searchDocument).toBeUndefined();
    // Pictures that came home keep their words, and the document made of them.
    expect(images(JSON.parse(lagoon!.body)).every((i) => mediaPath.test(i.src))).toBe(true);
    expect(lagoon!.searchDocument).toBeDefined();
  });

  it('refuses loopback and private addresses unless they are allowed, and keeps remote addresses when asked to', async () => {
    const { services } = db();
    const run = fresh('c');
    const refused = await importDocuments(services, [wordpressExport(run)]);
    expect(requests.get(`/pics/${run}-chamber.jpg`)).toBeUndefined();
    expect(refused.imageFailures).toEqual([
      { url: `${base}/pics/${run}-chamber.jpg`, reason: '127.0.0.1 is a private address; importing from it needs --allow-private-hosts', articles: [expect.stringMatching(/^wordpress\.xml: item 1 /)] },
    ]);
    expect((await services.articles.get(refused.articles[0]!.id))!.leadImage).toBeNull();

    const kept = await importDocuments(services, [wordpressExport(run)], { keepRemoteImages: true });
    expect(requests.get(`/pics/${run}-chamber.jpg`)).toBeUndefined();
    expect(kept.imageFailures).toEqual([]);
    expect((await services.articles.get(kept.articles[0]!.id))!.leadImage).toMatchObject({ src: `${base}/pics/${run}-chamber.jpg`, mediaId: null, sources: [] });
  });

  it("draws the imported article's page with every picture from this site", async () => {
    const { services } = db();
    const summary = await importDocuments(services, [ghostExport(fresh('d'))], { allowPrivateHosts: true });
    const app = createApp({ services, config: { siteName: 'The Meridian', timeZone: 'Europe/London', siteUrl: 'https://meridian.test' } });
    const res = await app.request(summary.articles[0]!.path);
    expect(res.status).toBe(200);
    const doc = parseHTML(await res.text()).document;
    const addresses = [...doc.querySelectorAll('img[src], source[srcset], img[srcset]')].flatMap((el) => [
      el.getAttribute('src') ?? '',
      ...(el.getAttribute('srcset') ?? '').split(',').map((c) => c.trim().split(/\s+/)[0]!),
    ]).filter(Boolean);
    expect(addresses.length).toBeGreaterThan(4);
    expect(addresses.filter((a) => !a.startsWith('/'))).toEqual([]);
    expect(addresses.filter((a) => a.startsWith('/media/')).length).toBeGreaterThan(4);
    const shared = doc.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? '';
    expect(shared.startsWith('https://meridian.test/')).toBe(true);
  });
});
