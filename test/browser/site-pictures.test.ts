import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article-store.js';
import { b } from '../../src/content/blocks.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsroom, uploadedImage } from '../support/fixtures.js';

/** Every picture on the page as the browser drew it, after scrolling through so lazy ones load. */
async function loadedPictures(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(r));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  return page.$$eval('main img', (imgs) =>
    (imgs as HTMLImageElement[]).map((img) => {
      const box = img.getBoundingClientRect();
      return {
        src: img.currentSrc,
        natural: img.naturalWidth,
        width: img.getAttribute('width'),
        height: img.getAttribute('height'),
        inPicture: img.parentElement?.tagName === 'PICTURE',
        drawn: box.width > 0 && box.height > 0,
      };
    }),
  );
}

describe('pictures in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  let lead: Article;
  let opinion: Article;

  beforeAll(async () => {
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await services.taxonomy.upsertSection({ slug: 'ideas', name: 'Ideas', description: 'Essays and argument.' });
    const face = await uploadedImage(services, { alt: 'Ada Reporter' }, { width: 400, height: 400, colour: '#a35' });
    await services.taxonomy.upsertAuthor({ slug: 'ada-reporter', name: 'Ada Reporter', bio: 'Covers Europe.', photoUrl: face.sources[0]!.src });
    const harbour = await uploadedImage(services, { alt: 'Cranes over the harbour at dusk' }, { width: 1600, height: 900, colour: '#246' });
    const street = await uploadedImage(services, { alt: 'A quiet street after rain' }, { width: 900, height: 600, colour: '#7a5' });
    lead = await publishedArticle(
      services,
      { headline: 'The harbour wakes', topics: ['elections'], printIssue: 42, imageMediaId: harbour.id, imageAlt: harbour.alt, body: [b.p('First.'), services.media.imageBlock(street), b.p('Then.')] },
      { publishedAt: '2026-01-08T09:00:00.000Z' },
    );
    await publishedArticle(services, { headline: 'The street dries out', topics: ['elections'], imageMediaId: street.id, imageAlt: street.alt }, { publishedAt: '2026-01-07T12:00:00.000Z' });
    await publishedArticle(services, { headline: 'Words alone', topics: ['elections'] }, { publishedAt: '2026-01-07T09:00:00.000Z' });
    opinion = await publishedArticle(services, { headline: 'A view of the docks', section: 'ideas', authors: ['ada-reporter'], imageMediaId: harbour.id, imageAlt: harbour.alt }, { publishedAt: '2026-01-06T09:00:00.000Z' });
    await site.start(services);
  });

  afterAll(() => site.close());

  const pages: Array<{ name: string; path: () => string }> = [
    { name: 'home', path: () => '/' },
    { name: 'section', path: () => '/world' },
    { name: 'article', path: () => lead.path },
    { name: 'opinion', path: () => opinion.path },
    { name: 'topic', path: () => '/topic/elections' },
    { name: 'author', path: () => '/author/ada-reporter' },
    { name: 'issue', path: () => '/issue/42' },
    { name: 'archive month', path: () => '/archive/2026/01' },
    { name: 'search', path: () => '/search?q=harbour' },
  ];

  it.each(pages)('draws the $name page’s pictures in AVIF at their set sizes, without shifting, within the screen and axe-clean', async ({ name, path }) => {
    for (const width of [1366, 390]) {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      // Shifts caused by pictures arriving: none when every img has its width and height.
      await page.addInitScript(() => {
        const w = window as unknown as { pictureShifts: string[] };
        w.pictureShifts = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as Array<{ value: number; sources?: Array<{ node?: Node }> }>) {
            for (const s of entry.sources ?? []) if (s.node instanceof HTMLImageElement || s.node?.parentElement?.tagName === 'PICTURE') w.pictureShifts.push(`${entry.value}`);
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      expect((await page.goto(site.url + path()))?.status()).toBe(200);
      const pictures = await loadedPictures(page);
      expect(pictures.length, `${name} ${width}`).toBeGreaterThan(0);
      for (const p of pictures) {
        expect(Number(p.width) > 0 && Number(p.height) > 0, `${name} ${width} ${p.src}`).toBe(true);
        expect(p.natural, `${name} ${width} ${p.src} loaded`).toBeGreaterThan(0);
        if (p.inPicture) expect(p.src, `${name} ${width}`).toMatch(/\.avif$/);
      }
      expect(await page.evaluate(() => (window as unknown as { pictureShifts: string[] }).pictureShifts), `${name} ${width}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name} ${width} horizontal scroll`).toBe(true);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(screenshotDir('pictures'), `${name.replace(/ /g, '-')}-${width}.png`), fullPage: true });
      await page.context().close();
    }
  }, 120_000);

  it('shows an article’s lead image above the fold on a phone and a laptop, even under a long headline and standfirst', async () => {
    const harbour = await uploadedImage(db.services, { alt: 'Cranes along the quay' }, { width: 1600, height: 900, colour: '#246' });
    const article = await publishedArticle(db.services, {
      headline: 'The harbour board weighs a plan that would reshape the docks for a generation',
      standfirst: 'Unions and shipping firms argue over pay while the cranes stand idle along the quay, and the council asks for figures that nobody has yet published or promised to publish.',
      section: 'ideas',
      authors: ['ada-reporter', 'ben-writer'],
      imageMediaId: harbour.id,
      imageAlt: harbour.alt,
    });
    for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 768 }]) {
      const page = await newTestPage(site.browser, { viewport });
      await page.goto(site.url + article.path);
      const picture = (await page.locator('figure.lead-image img').boundingBox())!;
      expect(picture.y, `lead image top at ${viewport.width}×${viewport.height}`).toBeLessThan(viewport.height);
      expect(picture.y).toBeGreaterThanOrEqual(0);
      // The headline still comes first.
      expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBeLessThan(picture.y);
      if (viewport.width < 768) {
        // On a phone the whole picture shows, before the standfirst and byline.
        expect(picture.y + picture.height).toBeLessThanOrEqual(viewport.height);
        expect(picture.y).toBeLessThan((await page.locator('.article .standfirst').boundingBox())!.y);
        expect(picture.y).toBeLessThan((await page.locator('.article .byline').boundingBox())!.y);
      }
      await page.screenshot({ path: join(screenshotDir('pictures'), `above-the-fold-${viewport.width}.png`) });
      await page.context().close();
    }
  }, 60_000);

  it('draws a thumbnail beside the words on a phone, and the home lead’s picture across the top', async () => {
    const page = await newTestPage(site.browser, { viewport: { width: 390, height: 900 } });
    await page.goto(`${site.url}/topic/elections`);
    const card = page.locator('article.card', { has: page.getByRole('link', { name: 'The street dries out' }) });
    const picture = (await card.locator('img').boundingBox())!;
    const heading = (await card.getByRole('heading').boundingBox())!;
    expect(picture.x).toBeGreaterThan(heading.x + heading.width - 1);
    expect(Math.abs(picture.width / picture.height - 3 / 2)).toBeLessThan(0.05);
    await page.goto(`${site.url}/`);
    const leadCard = page.locator('article.card-lead');
    const leadPicture = (await leadCard.locator('img').boundingBox())!;
    const leadHeading = (await leadCard.getByRole('heading').boundingBox())!;
    expect(leadPicture.y + leadPicture.height).toBeLessThanOrEqual(leadHeading.y + 1);
    expect(leadPicture.width).toBeGreaterThan(300);
    await page.context().close();
  }, 60_000);
});
