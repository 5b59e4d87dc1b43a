import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/content/article-store.js';
import { b } from '../../src/content/blocks.js';
import { createServices, type Services } from '../../src/services.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir, startSiteServer } from '../support/browser.js';
import { createSqliteDatabase } from '../support/databases.js';
import { publishedArticle, seedNewsroom, uploadedImage } from '../support/fixtures.js';
import { startS3Server, type TestS3 } from '../support/s3-server.js';

const shots = screenshotDir('media-s3');

/** The article's pictures as Chromium drew them, once every one (lazy ones too) has loaded. */
async function drawnPictures(page: Page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 300) {
      window.scrollTo(0, y);
      await new Promise((done) => requestAnimationFrame(done));
    }
  });
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  return page.$$eval('main picture img', (imgs) => (imgs as HTMLImageElement[]).map((img) => ({ src: img.currentSrc, natural: img.naturalWidth })));
}

describe('media kept in an S3 bucket, in Chromium', () => {
  const site = browserSite();
  let s3: TestS3;
  let services: Services;
  let article: Article;

  beforeAll(async () => {
    s3 = site.own(await startS3Server());
    const db = site.own(await createSqliteDatabase());
    services = createServices(db.database, { timeZone: 'Europe/London', siteUrl: 'http://127.0.0.1', dataDir: db.dataDir, s3: s3.location });
    await seedNewsroom(services);
    const harbour = await uploadedImage(services, { alt: 'Cranes over the harbour at dusk' }, { width: 1600, height: 900, colour: '#246' });
    const street = await uploadedImage(services, { alt: 'A quiet street after rain' }, { width: 900, height: 600, colour: '#7a5' });
    article = await publishedArticle(services, {
      headline: 'The harbour wakes',
      imageMediaId: harbour.id,
      imageAlt: harbour.alt,
      body: [b.p('First light on the cranes.'), services.media.imageBlock(street), b.p('Then the ferries.')],
    });
    await site.start(services);
  });
  afterAll(() => site.close());

  for (const width of [1366, 390]) {
    it(`draws the lead and body pictures streamed from the bucket through /media/ at ${width} px`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      const res = await page.goto(`${site.url}${article.path}`);
      expect(res!.status()).toBe(200);
      const pictures = await drawnPictures(page);
      expect(pictures).toHaveLength(2);
      for (const picture of pictures) {
        expect(picture.src).toMatch(new RegExp(`^${site.url}/media/u/[0-9a-f]{32}/\\d+\\.avif$`));
        expect(picture.natural).toBeGreaterThan(0);
      }
      await page.screenshot({ path: join(shots, `article-${width}.png`), fullPage: true });
      await expectNoAxeViolations(page);
      await page.context().close();
    });
  }

  it('draws them straight from the bucket when MEDIA_URL points at it', async () => {
    // The bucket's own address stands in for a CDN in front of it: the object paths are the ones MEDIA_URL names.
    const cdn = site.own(await startSiteServer(services, { mediaUrl: `${s3.location.endpoint}/${s3.location.bucket}` }));
    const page = await newTestPage(site.browser, { viewport: { width: 1366, height: 900 } });
    await page.goto(`${cdn.url}${article.path}`);
    const pictures = await drawnPictures(page);
    expect(pictures).toHaveLength(2);
    for (const picture of pictures) {
      expect(picture.src).toMatch(new RegExp(`^${s3.location.endpoint}/${s3.location.bucket}/u/[0-9a-f]{32}/\\d+\\.avif$`));
      expect(picture.natural).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(shots, 'article-from-bucket-1366.png') });
    await page.context().close();
  });
});
