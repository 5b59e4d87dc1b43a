import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { describeEachDatabase } from '../../test/support/databases.js';
import { articleInput, seedNewsroom } from '../../test/support/fixtures.js';
import { filesystemStorage } from './filesystem-storage.js';
import { mediaService, type MediaService } from './media-service.js';

const photo = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3a6' } }).jpeg().toBuffer();

/** A valid, all-black 1-bit greyscale PNG: a 16,000 × 16,000 one is about 30 KB, cheap to make, costly to decode. */
function blankPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13); // bit depth 1, colour type 0 (greyscale), default compression, filter, no interlace
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1;
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describeEachDatabase('media uploads', (fixture) => {
  let media: MediaService;
  const dir = () => join(fixture().dataDir, 'media');
  const files = () => (existsSync(dir()) ? readdirSync(dir(), { recursive: true }).map(String) : []);

  beforeAll(async () => {
    await seedNewsroom(fixture().services);
    media = mediaService(fixture().database.db, { storage: filesystemStorage(dir()) });
  });

  it('resizes to responsive WebP and AVIF widths no wider than the original, and serves them', async () => {
    const item = await media.upload({ bytes: await photo(1200, 800), name: 'harbour.jpg' }, { alt: 'Boats in a harbour', caption: 'Dawn', credit: 'Photo: A. Lens' });
    expect(item.sources.map((s) => s.width)).toEqual([320, 640, 1024, 1200]);
    expect(item.src).toMatch(/^\/media\/u\/[0-9a-f]{32}\/1200\.webp$/);
    const stored = await sharp(join(dir(), item.src.replace('/media/', ''))).metadata();
    expect(stored).toMatchObject({ format: 'webp', width: 1200, height: 800 });

    const app = createApp({ services: { ...fixture().services, media }, config: { siteName: 'T', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
    const res = await app.request(item.sources[0]!.src);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(320);
    expect((await app.request('/media/u/../../broadsheet.sqlite')).status).toBe(404);

    // The same widths in AVIF, served as AVIF; the article block lists them beside the WebP ones.
    expect(item.avif.map((s) => s.width)).toEqual([320, 640, 1024, 1200]);
    const avif = await app.request(item.avif[1]!.src);
    expect(avif.headers.get('content-type')).toBe('image/avif');
    expect(await sharp(Buffer.from(await avif.arrayBuffer())).metadata()).toMatchObject({ format: 'heif', width: 640 });
    expect(media.imageBlock(item)).toMatchObject({ sources: item.sources, avif: item.avif });
  });

  it('keeps the original beside the renditions, serves renditions with ETag and Last-Modified (304 when unchanged), and deletes every file', async () => {
    const bytes = await photo(500, 400);
    const item = await media.upload({ bytes, name: 'pier.jpg' }, { alt: 'The pier' });
    const key = item.src.split('/')[3]!;
    expect(readFileSync(join(dir(), 'originals', key, 'original.jpg'))).toEqual(bytes);
    const app = createApp({ services: { ...fixture().services, media }, config: { siteName: 'T', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
    const res = await app.request(item.src);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('last-modified')).toBe(statSync(join(dir(), 'u', key, '500.webp')).mtime.toUTCString());
    expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
    expect((await app.request(item.src, { headers: { 'if-none-match': res.headers.get('etag')! } })).status).toBe(304);
    expect((await app.request(`/media/u/${key}/original.jpg`)).status).toBe(404);

    await media.remove({ id: 0, role: 'editor', author_id: null }, item.id);
    expect(files().filter((f) => f.includes(key))).toEqual([]);
    expect((await app.request(item.src)).status).toBe(404);
  });

  it('renders an uploaded image in an article with srcset, caption and credit', async () => {
    const { services } = fixture();
    const item = await media.upload({ bytes: await photo(700, 400), name: 'small.jpg' }, { alt: 'A quiet street', caption: 'Evening', credit: 'Photo: B. Shutter' });
    const article = await services.articles.create(articleInput({ body: [media.imageBlock(item)] }), { status: 'published' });
    const app = createApp({ services, config: { siteName: 'T', timeZone: 'Europe/London', siteUrl: 'http://localhost' } });
    const html = await (await app.request(article.path)).text();
    const key = item.src.split('/')[3];
    expect(html).toContain(`srcset="/media/u/${key}/320.webp 320w, /media/u/${key}/640.webp 640w, /media/u/${key}/700.webp 700w"`);
    expect(html).toContain('alt="A quiet street"');
    expect(html).toContain('<span class="credit"> Photo: B. Shutter</span>');
  });

  it('refuses an image without alt text, of another type, unreadable or too big, keeping nothing', async () => {
    const before = files();
    const count = (await media.search()).total;
    await expect(media.upload({ bytes: await photo(400, 300), name: 'a.jpg' }, { alt: '  ' })).rejects.toThrow('alt: is required');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer();
    await expect(media.upload({ bytes: gif, name: 'looks-like.jpg' }, { alt: 'x' })).rejects.toThrow('file: must be a JPEG, PNG, WebP or AVIF image');
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    await expect(media.upload({ bytes: broken, name: 'broken.jpg' }, { alt: 'x' })).rejects.toThrow('file: could not be read as an image');
    const huge = Buffer.concat([await photo(10, 10), Buffer.alloc(15 * 1024 * 1024)]);
    await expect(media.upload({ bytes: huge, name: 'huge.jpg' }, { alt: 'x' })).rejects.toThrow('the limit is 15 MB');
    expect(files()).toEqual(before);
    expect((await media.search()).total).toBe(count);
  });

  it('refuses an image of more than 60 megapixels from its header, before decoding it, keeping nothing', async () => {
    const before = files();
    const count = (await media.search()).total;
    const bomb = blankPng(16_000, 16_000);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(media.upload({ bytes: bomb, name: 'bomb.png' }, { alt: 'x' })).rejects.toThrow(
      'Invalid image: file: is 16000 × 16000 pixels (256 megapixels); the limit is 60 megapixels',
    );
    // Past libvips's own default limit (268 megapixels) it is still named, not "could not be read".
    await expect(media.upload({ bytes: blankPng(20_000, 20_000), name: 'bigger.png' }, { alt: 'x' })).rejects.toThrow('is 20000 × 20000 pixels (400 megapixels)');
    expect(files()).toEqual(before);
    expect((await media.search()).total).toBe(count);

    const wide = await media.upload({ bytes: blankPng(7_000, 400), name: 'panorama.png' }, { alt: 'A panorama' });
    expect(wide).toMatchObject({ width: 7000, height: 400 });
  });
});
