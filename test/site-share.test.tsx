import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { b } from '../src/content/blocks.js';
import { screenshotDir } from './support/browser.js';
import { describeEachDatabase } from './support/databases.js';
import { publishedArticle, seedNewsroom, uploadedImage } from './support/fixtures.js';

const siteUrl = 'https://meridian.test';
const config = { siteName: 'The Meridian', timeZone: 'Europe/London', siteUrl };

describeEachDatabase('share images: og:image, Twitter cards and the generated card', (fixture) => {
  let instance: ReturnType<typeof createApp> | undefined;
  const app = () => (instance ??= createApp({ services: fixture().services, config }));
  const meta = async (path: string) => {
    const res = await app().request(path);
    expect(res.status).toBe(200);
    const doc = parseHTML(await res.text()).document;
    return (key: string) => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
  };
  /** Fetches an absolute URL on the site through the app, as a social network's crawler would. */
  const fetchImage = (url: string, headers: Record<string, string> = {}) => {
    expect(url.startsWith(`${siteUrl}/`), url).toBe(true);
    return app().request(url.slice(siteUrl.length), { headers });
  };

  beforeAll(async () => {
    await seedNewsroom(fixture().services);
  });

  it('an article with a lead image shares its largest rendition, absolute, with its size', async () => {
    const { services } = fixture();
    const photo = await uploadedImage(services, { alt: 'Cranes on the quay at dusk' }, { width: 2000, height: 1000 });
    const article = await publishedArticle(services, { headline: 'The docks at night', imageMediaId: photo.id, imageAlt: 'Cranes on the quay at dusk' });
    const tag = await meta(article.path);

    const largest = photo.sources.at(-1)!;
    expect(largest.width).toBe(1600);
    expect(tag('og:image')).toBe(`${siteUrl}${largest.src}`);
    expect([tag('og:image:width'), tag('og:image:height'), tag('og:image:alt')]).toEqual(['1600', '800', 'Cranes on the quay at dusk']);
    expect(tag('twitter:card')).toBe('summary_large_image');
    expect(tag('twitter:image')).toBe(tag('og:image'));

    const res = await fetchImage(tag('og:image')!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ width: 1600, height: 800 });
  });

  it('an article without an image gets a drawn card: 1200 × 630 PNG, absolute, cached for good under its version', async () => {
    const { services, dataDir } = fixture();
    const article = await publishedArticle(services, { headline: 'Parliament votes to keep the night buses running', section: 'politics' });
    const tag = await meta(article.path);

    expect(tag('og:image')).toMatch(new RegExp(`^${siteUrl}/cards/${article.id}\\.png\\?v=[\\w-]{16}$`));
    expect([tag('og:image:width'), tag('og:image:height'), tag('og:image:alt')]).toEqual(['1200', '630', article.headline]);
    expect(tag('twitter:card')).toBe('summary_large_image');
    expect(tag('twitter:image')).toBe(tag('og:image'));

    const res = await fetchImage(tag('og:image')!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const png = Buffer.from(await res.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    // Drawn, not blank: the headline and the dark foot band leave more than one colour.
    expect((await sharp(png).stats()).channels[0]!.min).toBeLessThan(60);

    const folder = join(dataDir, 'cards', String(article.id));
    expect(readdirSync(folder)).toHaveLength(1);
    // A warm card is read from disk, not drawn again: what the file holds is what is sent.
    const marker = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#000' } }).png().toBuffer();
    writeFileSync(join(folder, readdirSync(folder)[0]!), marker);
    const warm = await fetchImage(tag('og:image')!);
    expect(Buffer.from(await warm.arrayBuffer()).equals(marker)).toBe(true);
    const etag = warm.headers.get('etag')!;
    expect((await fetchImage(tag('og:image')!, { 'if-none-match': etag })).status).toBe(304);

    // An address without the version (or an old one) gets the current card, kept for an hour only.
    const bare = await app().request(`/cards/${article.id}.png`);
    expect([bare.status, bare.headers.get('cache-control')]).toEqual([200, 'public, max-age=3600']);
  });

  it('draws the card again when the headline changes, and keeps only the new one', async () => {
    const { services, dataDir } = fixture();
    const article = await publishedArticle(services, { headline: 'Ferry timetable cut' });
    const before = (await meta(article.path))('og:image')!;
    const first = Buffer.from(await (await fetchImage(before)).arrayBuffer());

    await services.articles.update(article.id, { headline: 'Ferry timetable cut by half' });
    const after = (await meta(article.path))('og:image')!;
    expect(after).not.toBe(before);
    const second = await fetchImage(after);
    expect(second.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await second.arrayBuffer()).equals(first)).toBe(false);
    expect(readdirSync(join(dataDir, 'cards', String(article.id)))).toEqual([`${new URL(after).searchParams.get('v')}.png`]);
  });

  it('answers many simultaneous first requests for a card with one complete PNG, leaving one file and no partial ones', async () => {
    const { services, dataDir } = fixture();
    const article = await publishedArticle(services, { headline: 'Shared everywhere at once' });
    const responses = await Promise.all(Array.from({ length: 8 }, () => app().request(`/cards/${article.id}.png`)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    const bodies = await Promise.all(responses.map(async (r) => Buffer.from(await r.arrayBuffer())));
    expect(bodies.every((png) => png.equals(bodies[0]!))).toBe(true);
    expect(readdirSync(join(dataDir, 'cards', String(article.id)))).toHaveLength(1);
  });

  it('escapes a headline full of markup characters: the card still draws', async () => {
    const { services } = fixture();
    const article = await publishedArticle(services, { headline: 'Fish & chips: the "<b>great</b>" tax row, <&">' });
    const tag = await meta(article.path);
    expect(tag('og:image:alt')).toBe('Fish & chips: the "<b>great</b>" tax row, <&">');
    const res = await fetchImage(tag('og:image')!);
    expect(res.status).toBe(200);
    const png = Buffer.from(await res.arrayBuffer());
    expect(await sharp(png).metadata()).toMatchObject({ width: 1200, height: 630 });
    // Kept for people to look at, as browser tests keep screenshots.
    writeFileSync(join(screenshotDir('share'), 'escaped-card.png'), png);
  });

  it('has a card only for published articles: drafts, unpublished and unknown ids answer 404 and draw nothing', async () => {
    const { services, dataDir } = fixture();
    const draft = await services.articles.create({ headline: 'Not yet', standfirst: '', slug: 'not-yet', section: 'world', authors: ['ada-reporter'], topics: [], body: [b.p('Draft.')] });
    const gone = await publishedArticle(services, { headline: 'Taken down' });
    await services.articles.unpublish(gone.id);
    for (const path of [`/cards/${draft.id}.png`, `/cards/${gone.id}.png`, '/cards/999999.png', '/cards/0.png', '/cards/abc.png', '/cards/1.svg']) {
      expect((await app().request(path)).status, path).toBe(404);
    }
    expect(existsSync(join(dataDir, 'cards', String(draft.id)))).toBe(false);
    expect(existsSync(join(dataDir, 'cards', String(gone.id)))).toBe(false);
  });

  it('an article with only an image in its body shares that image (no card)', async () => {
    const { services } = fixture();
    const article = await publishedArticle(services, { headline: 'Harbour pictures', body: [b.p('Words.'), b.image('/media/harbour.jpg', 'The harbour')] });
    const tag = await meta(article.path);
    expect(tag('og:image')).toBe(`${siteUrl}/media/harbour.jpg`);
    expect(tag('og:image:width')).toBeUndefined();
  });
});
