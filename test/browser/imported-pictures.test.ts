import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocuments } from '../../src/importers/index.js';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';

const fixtures = resolve(fileURLToPath(new URL('.', import.meta.url)), '../fixtures/importers');

describe('an imported article in Chromium', () => {
  let db: TestDatabase;
  let oldSite: Server;
  const site = browserSite();
  let path = '';

  beforeAll(async () => {
    const picture = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 40, g: 110, b: 120 } } }).jpeg().toBuffer();
    oldSite = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(picture));
    site.own({ close: () => new Promise<void>((done) => oldSite.close(() => done())) });
    await new Promise<void>((done) => oldSite.listen(0, '127.0.0.1', done));
    // "localhost", not 127.0.0.1: the old site has an origin of its own, apart from the site's.
    const old = `http://localhost:${(oldSite.address() as AddressInfo).port}`;
    const ghost = readFileSync(join(fixtures, 'ghost-export.json'), 'utf8').replaceAll('https://images.example.org/', `${old}/content/images/`);
    db = site.own(await createSqliteDatabase());
    const summary = await importDocuments(db.services, [{ name: 'ghost.json', content: ghost }], { allowPrivateHosts: true });
    expect(summary.imageFailures).toEqual([]);
    path = summary.articles[0]!.path;
    await site.start(db.services);
  });

  afterAll(() => site.close());

  for (const width of [1366, 390]) {
    it(`loads every picture from the site's own origin at ${width} px`, async () => {
      const page = await newTestPage(site.browser, { viewport: { width, height: 900 } });
      const requested: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      await page.goto(`${site.url}${path}`, { waitUntil: 'load' });
      // Pictures below the fold load lazily, after 'load': scroll them in and wait for each.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(() => [...document.querySelectorAll('main img')].every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
      const pictures = await page.$$eval('main img', (imgs) => imgs.map((img) => ({ src: (img as HTMLImageElement).currentSrc, drawn: (img as HTMLImageElement).naturalWidth })));
      expect(pictures.length).toBeGreaterThanOrEqual(2);
      for (const p of pictures) {
        expect(p.src.startsWith(`${site.url}/media/u/`), p.src).toBe(true);
        expect(p.drawn, p.src).toBeGreaterThan(0);
      }
      expect(requested.filter((url) => !url.startsWith(site.url))).toEqual([]);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: join(screenshotDir('imported-pictures'), `article-${width}.png`), fullPage: true });
      await page.context().close();
    });
  }
});
