import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { importDocuments } from '../src/importers/index.js';
import { setMediaBaseUrl } from '../src/media/public-url.js';
import type { MediaItem } from '../src/media/media-service.js';
import { parseS3Url, type S3Location } from '../src/media/s3-url.js';
import { createServices, type Services } from '../src/services.js';
import { adminPost, adminTestConfig, adminUpload, createAdminTestApp, signIn, type SignedIn } from './support/admin.js';
import { describeEachDatabase } from './support/databases.js';
import { articleInput, seedNewsroom } from './support/fixtures.js';
import { startS3Server, type TestS3 } from './support/s3-server.js';

const photo = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#2d6a8f' } }).jpeg().toBuffer();
const keyOf = (item: MediaItem) => item.src.split('/')[3]!;
/** Every object an upload of `width` pixels leaves: its original, and WebP and AVIF at each width up to its own. */
const objectsOf = (key: string, widths: number[]) =>
  [`originals/${key}/original.jpg`, ...widths.flatMap((w) => [`u/${key}/${w}.avif`, `u/${key}/${w}.webp`])].sort();

let s3: TestS3;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  setMediaBaseUrl(undefined);
  await s3.close();
});

describeEachDatabase('media on S3', (fixture) => {
  let services: Services;
  let app: ReturnType<typeof createAdminTestApp>;
  let editor: SignedIn;

  beforeAll(async () => {
    const { database, dataDir } = fixture();
    await s3.clear();
    services = createServices(database, { timeZone: 'Europe/London', siteUrl: adminTestConfig.siteUrl, dataDir, s3: s3.location });
    await seedNewsroom(services);
    app = createAdminTestApp(services);
    editor = await signIn(app, services, 'editor');
  });

  /** Uploads through the newsroom's form, as a browser does, and answers the new library item. */
  async function upload(width: number, height: number, alt: string): Promise<MediaItem> {
    const res = await adminUpload(app, editor, '/admin/media', 'file', { name: 'harbour.jpg', type: 'image/jpeg', content: new Uint8Array(await photo(width, height)) }, { alt, caption: '', credit: '' });
    expect(res.status).toBe(303);
    return (await services.media.search({ q: alt })).items[0]!;
  }

  it('keeps an upload through the newsroom in the bucket: the original and every WebP and AVIF width, nothing in DATA_DIR/media', async () => {
    const item = await upload(1200, 800, 'Boats in the harbour at dawn');
    expect(item.sources.map((s) => s.width)).toEqual([320, 640, 1024, 1200]);
    expect(await s3.keys()).toEqual(objectsOf(keyOf(item), [320, 640, 1024, 1200]));
    expect(existsSync(join(fixture().dataDir, 'media'))).toBe(false);
  });

  it('serves a rendition through the app from the bucket, with its type, size, ETag, Last-Modified and a long cache; 304 when unchanged, 404 when missing', async () => {
    const item = await upload(800, 500, 'A ferry leaving the pier');
    const res = await app.request(item.sources[1]!.src);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width: 640 });

    const avif = await app.request(item.avif[0]!.src);
    expect(avif.headers.get('content-type')).toBe('image/avif');
    expect(await sharp(Buffer.from(await avif.arrayBuffer())).metadata()).toMatchObject({ format: 'heif', width: 320 });

    const again = await app.request(item.sources[1]!.src, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    expect((await app.request(`/media/u/${'0'.repeat(32)}/640.webp`)).status).toBe(404);
    expect((await app.request(`/media/u/${keyOf(item)}/1600.webp`)).status).toBe(404);
    expect((await app.request(`/media/u/${keyOf(item)}/original.jpg`)).status).toBe(404);
  });

  it("points the article page's pictures, og:image and feed at MEDIA_URL when it is set, and at /media/… otherwise", async () => {
    const item = await upload(700, 400, 'Market stalls under the arches');
    const key = keyOf(item);
    const article = await services.articles.create(
      articleInput({ headline: 'The covered market reopens', imageMediaId: item.id, imageAlt: item.alt, body: [services.media.imageBlock(item)] }),
      { status: 'published' },
    );
    const pictures = async (site: ReturnType<typeof createApp>) => {
      const page = parseHTML(await (await site.request(article.path)).text()).document;
      return {
        srcsets: [...page.querySelectorAll('picture source[type="image/webp"]')].map((s) => s.getAttribute('srcset')),
        imgs: [...page.querySelectorAll('picture img')].map((i) => i.getAttribute('src')),
        ogImage: page.querySelector('meta[property="og:image"]')!.getAttribute('content'),
        feed: await (await site.request('/feed')).text(),
      };
    };

    const own = await pictures(createApp({ services, config: adminTestConfig }));
    expect(own.srcsets).toEqual([`/media/u/${key}/320.webp 320w, /media/u/${key}/640.webp 640w, /media/u/${key}/700.webp 700w`, expect.any(String)]);
    expect(own.imgs).toEqual([`/media/u/${key}/700.webp`, `/media/u/${key}/700.webp`]);
    expect(own.ogImage).toBe(`http://localhost/media/u/${key}/700.webp`);
    expect(own.feed).toContain(`url="http://localhost/media/u/${key}/700.webp"`);

    const cdn = 'https://cdn.example.test/meridian';
    const viaCdn = await pictures(createApp({ services, config: { ...adminTestConfig, mediaUrl: `${cdn}/` } }));
    expect(viaCdn.srcsets[0]).toBe(`${cdn}/u/${key}/320.webp 320w, ${cdn}/u/${key}/640.webp 640w, ${cdn}/u/${key}/700.webp 700w`);
    expect(viaCdn.imgs).toEqual([`${cdn}/u/${key}/700.webp`, `${cdn}/u/${key}/700.webp`]);
    expect(viaCdn.ogImage).toBe(`${cdn}/u/${key}/700.webp`);
    expect(viaCdn.feed).toContain(`url="${cdn}/u/${key}/700.webp"`);
    // What is stored is unchanged: the site path, by which the library knows where each image is used.
    expect((await services.articles.get(article.id))!.leadImage!.src).toBe(`/media/u/${key}/700.webp`);
    setMediaBaseUrl(undefined);
  });

  it('deletes every object of an image deleted from the library, and nothing else', async () => {
    const kept = await upload(400, 300, 'A lighthouse on the point');
    const gone = await upload(500, 300, 'Fog over the quay');
    expect(await s3.keys()).toEqual(expect.arrayContaining(objectsOf(keyOf(gone), [320, 500])));
    const res = await adminPost(app, editor, `/admin/media/${gone.id}/delete`);
    expect(res.status).toBe(303);
    const keys = await s3.keys();
    expect(keys.filter((k) => k.includes(keyOf(gone)))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(objectsOf(keyOf(kept), [320, 400])));
    expect((await app.request(gone.sources[0]!.src)).status).toBe(404);
  });

  it('keeps the pictures an import fetches in the bucket', async () => {
    const jpeg = await photo(900, 600);
    const oldSite: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg));
    await new Promise<void>((done) => oldSite.listen(0, '127.0.0.1', done));
    try {
      const picture = `http://127.0.0.1:${(oldSite.address() as AddressInfo).port}/chamber-${fixture().databaseUrl ? 'pg' : 'lite'}.jpg`;
      const fixtures = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/importers');
      const content = readFileSync(resolve(fixtures, 'wordpress-export.xml'), 'utf8').replaceAll(
        'https://valley-ledger.example/wp-content/uploads/2024/02/council-chamber.jpg',
        picture,
      );
      const summary = await importDocuments(services, [{ name: 'wordpress.xml', content }], { allowPrivateHosts: true });
      expect(summary.imagesFetched).toBe(1);
      const imported = (await services.media.findImported(picture))!;
      expect(await s3.keys()).toEqual(expect.arrayContaining(objectsOf(keyOf(imported), [320, 640, 900])));
      expect(existsSync(join(fixture().dataDir, 'media'))).toBe(false);
    } finally {
      await new Promise<void>((done) => oldSite.close(() => done()));
    }
  });

  it('refuses an upload with 503 and keeps nothing when the bucket cannot be reached', async () => {
    const closed = parseS3Url('s3://S3RVER:S3RVER@127.0.0.1:9/nowhere?https=false') as S3Location;
    const offline = createServices(fixture().database, { timeZone: 'Europe/London', siteUrl: adminTestConfig.siteUrl, dataDir: fixture().dataDir, s3: closed });
    const before = (await services.media.search()).total;
    const refused = offline.media.upload({ bytes: await photo(400, 300), name: 'a.jpg' }, { alt: 'A gull' });
    await expect(refused).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/^The media store could not keep the image \(.+\); try again shortly$/) });
    expect((await services.media.search()).total).toBe(before);
  });
});
