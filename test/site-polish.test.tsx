import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Article } from '../src/content/article-store.js';
import { b } from '../src/content/blocks.js';
import { describeEachDatabase } from './support/databases.js';
import { longReadBody, publishedArticle, seedNewsletters, seedNewsroom } from './support/fixtures.js';

const siteUrl = 'https://meridian.test';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every URL a browser fetches by itself from a page: stylesheets, preloads, icons, the manifest, scripts, images, frames. */
function fetchedUrls(html: string): string[] {
  const doc = parseHTML(html).document;
  const urls: string[] = [];
  for (const el of doc.querySelectorAll('link[href]')) urls.push(el.getAttribute('href')!);
  for (const el of doc.querySelectorAll('script[src], img[src], iframe[src], video[src], audio[src], source[src], video[poster]')) {
    urls.push(el.getAttribute('src') ?? el.getAttribute('poster')!);
  }
  for (const el of doc.querySelectorAll('img[srcset], source[srcset]')) {
    urls.push(...el.getAttribute('srcset')!.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!));
  }
  for (const el of doc.querySelectorAll('[style]')) urls.push(...cssUrls(el.getAttribute('style')!));
  for (const el of doc.querySelectorAll('style')) urls.push(...cssUrls(el.textContent ?? ''));
  return urls;
}

function cssUrls(css: string): string[] {
  return [...css.matchAll(/url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)/g)].map((m) => m[1] ?? m[2]!);
}

/** A URL that would leave the site: absolute (or protocol-relative) to any host but the site's own. */
function leavesSite(url: string): boolean {
  if (url.startsWith('data:')) return false;
  if (!/^([a-z][a-z0-9+.-]*:)?\/\//i.test(url)) return false;
  return new URL(url, siteUrl).origin !== siteUrl;
}

describeEachDatabase('polish readers notice', (fixture) => {
  let instance: ReturnType<typeof createApp> | undefined;
  const app = () => (instance ??= createApp({ services: fixture().services, config: { siteName: 'The Meridian', timeZone: 'Europe/London', siteUrl } }));
  let longRead: Article;
  let short: Article;

  beforeAll(async () => {
    // The icons and fonts are build output: make them from the current source, as `npm run build` does.
    execFileSync(process.execPath, ['scripts/build-brand.mjs'], { cwd: repoRoot });
    const { services } = fixture();
    await seedNewsroom(services);
    await seedNewsletters(services);
    longRead = await publishedArticle(services, { headline: 'The docks at night', body: longReadBody(1380, b.pullquote('Nobody told us', 'A crane driver')) });
    short = await publishedArticle(services, { headline: 'Short and sweet', section: 'politics', topics: ['elections'], body: [b.p('Ten words, give or take, on the vote this week.')] });
  });

  it('serves a web manifest with the site name, theme colour and icons that answer 200 as PNGs', async () => {
    const res = await app().request('/manifest.webmanifest');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = JSON.parse(await res.text());
    expect(manifest).toMatchObject({ name: 'The Meridian', short_name: 'The Meridian', start_url: '/', theme_color: '#fffdf8' });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(['192x192', '512x512']);
    for (const icon of manifest.icons) {
      const image = await app().request(icon.src);
      expect(image.status, icon.src).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');
    }
  });

  it('names the icons, the manifest and a theme colour for light and for dark in every page head, all answering 200', async () => {
    const doc = parseHTML(await (await app().request('/')).text()).document;
    const themes = [...doc.querySelectorAll('meta[name="theme-color"]')].map((m) => [m.getAttribute('media'), m.getAttribute('content')]);
    expect(themes).toEqual([
      ['(prefers-color-scheme: light)', '#fffdf8'],
      ['(prefers-color-scheme: dark)', '#161412'],
    ]);
    expect(doc.querySelector('link[rel="manifest"]')!.getAttribute('href')).toBe('/manifest.webmanifest');
    const icons = [...doc.querySelectorAll('link[rel="icon"], link[rel="apple-touch-icon"]')];
    expect(icons.map((l) => l.getAttribute('type') ?? 'image/png')).toEqual(['image/svg+xml', 'image/png', 'image/png']);
    for (const link of icons) {
      const res = await app().request(link.getAttribute('href')!);
      expect(res.status, link.getAttribute('href')!).toBe(200);
      expect(res.headers.get('content-type')!.split(';')[0]).toBe(link.getAttribute('type') ?? 'image/png');
    }
  });

  it('shows the reading time from the body’s words: 1,380 words is 6 min read, a line is 1 min', async () => {
    for (const [article, expected] of [
      [longRead, '6 min read'],
      [short, '1 min read'],
    ] as const) {
      const doc = parseHTML(await (await app().request(article.path)).text()).document;
      expect(doc.querySelector('.dateline .reading-time')!.textContent).toBe(expected);
    }
  });

  it('serves the fonts its stylesheet declares as font/woff2, and preloads the text face', async () => {
    const css = await (await app().request('/static/site.css')).text();
    const fonts = [...new Set(cssUrls(css).filter((url) => url.endsWith('.woff2')))];
    expect(fonts).toEqual(
      expect.arrayContaining(['/static/fonts/source-serif-4-latin-wght-normal.woff2', '/static/fonts/inter-latin-wght-normal.woff2']),
    );
    for (const font of fonts) {
      const res = await app().request(font);
      expect(res.status, font).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/woff2');
    }
    const doc = parseHTML(await (await app().request(longRead.path)).text()).document;
    const preload = doc.querySelector('link[rel="preload"][as="font"]')!;
    expect(preload.getAttribute('href')).toBe('/static/fonts/source-serif-4-latin-wght-normal.woff2');
    expect(fonts).toContain(preload.getAttribute('href'));
    expect(css).toMatch(/font-display:\s*swap/);
    expect(css).toMatch(/size-adjust:/);
  });

  it('asks no other origin for anything: no page fetches a URL off the site, nor does the stylesheet', async () => {
    const paths = ['/', '/world', longRead.path, short.path, '/topic/russia', '/author/ada-reporter', '/issue/42', '/archive', '/search?q=docks', '/newsletters', '/support', '/on-this-day', '/no-such-page'];
    for (const path of paths) {
      const html = await (await app().request(path)).text();
      const urls = fetchedUrls(html);
      expect(urls.length, path).toBeGreaterThan(0);
      expect(urls.filter(leavesSite), path).toEqual([]);
    }
    const css = await (await app().request('/static/site.css')).text();
    expect(cssUrls(css).filter(leavesSite)).toEqual([]);
    expect(css).not.toMatch(/@import/);
  });
});
