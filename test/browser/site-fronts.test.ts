import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSite, expectNoAxeViolations, newTestPage, screenshotDir } from '../support/browser.js';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.js';
import { publishedArticle, publishedSeries, seedNewsroom, uploadedImage } from '../support/fixtures.js';

const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 768 };

describe('fronts in Chromium', () => {
  let db: TestDatabase;
  const site = browserSite();
  const shots = screenshotDir('fronts');

  beforeAll(async () => {
    // The pages load the built stylesheet: build it from the parts as they are now.
    execFileSync(process.execPath, ['scripts/build-site-css.mjs']);
    db = site.own(await createSqliteDatabase());
    const { services } = db;
    await seedNewsroom(services);
    await services.taxonomy.upsertSection({ slug: 'ideas', name: 'Ideas', description: 'Arguments that outlast the news.' });
    const face = await uploadedImage(services, { alt: 'Cleo Thinker' }, { width: 400, height: 400, colour: '#8a5a44' });
    await services.taxonomy.upsertAuthor({ slug: 'cleo-thinker', name: 'Cleo Thinker', bio: 'Writes essays.', photoUrl: face.src });
    const harbour = await uploadedImage(services, { alt: 'Cranes over a grey harbour' }, { width: 1600, height: 1000, colour: '#2f5d73' });
    const field = await uploadedImage(services, { alt: 'A wheat field at dusk' }, { width: 1200, height: 800, colour: '#a07d2c' });

    // Long headlines and one unbroken word: what pushes a grid wider than a phone if anything can.
    await publishedSeries(services, 22, { section: 'politics', authors: ['ben-writer'], imageMediaId: field.id, imageAlt: 'A wheat field at dusk' });
    await publishedArticle(services, { section: 'politics', headline: 'Parliamentarianisationwithoutrepresentationalism returns to the chamber' });
    await publishedSeries(services, 5, { section: 'ideas', authors: ['cleo-thinker'], headline: 'Why boredom is good for the thinking mind' });
    await publishedSeries(services, 6, { section: 'world', authors: ['ada-reporter'], imageMediaId: field.id, imageAlt: 'A wheat field at dusk' }, '2026-01-01T09:00:00.000Z');
    await publishedArticle(
      services,
      {
        section: 'world',
        headline: 'Diplomats gather in Geneva as the long winter of talks finally begins in earnest',
        standfirst: 'A week of negotiations opens with little hope and a great deal of paperwork.',
        authors: ['ada-reporter'],
        imageMediaId: harbour.id,
        imageAlt: 'Cranes over a grey harbour',
      },
      { publishedAt: '2026-02-01T09:00:00.000Z' },
    );
    await services.taxonomy.upsertPrintIssue({ number: 42, date: '2026-01-30', title: 'The long winter', coverUrl: field.src });
    await site.start(services);
  }, 120_000);

  afterAll(() => site.close());

  async function open(path: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await newTestPage(site.browser, { viewport });
    const res = await page.goto(site.url + path);
    expect(res?.status(), path).toBe(200);
    return page;
  }

  /** Where the lead's headline and picture sit, against the height of the screen. */
  const leadPlace = (page: Page) =>
    page.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect();
      return { fold: innerHeight, headline: box('.lead h2')?.bottom, picture: box('.lead img')?.top };
    });

  for (const [name, path] of [
    ['home', '/'],
    ['section', '/world'],
  ] as const) {
    for (const viewport of [phone, desktop]) {
      it(`${name} at ${viewport.width}px: the lead's picture and whole headline are above the fold, and axe finds nothing`, async () => {
        const page = await open(path, viewport);
        await expect(page.locator('.lead h2').textContent()).resolves.toBe('Diplomats gather in Geneva as the long winter of talks finally begins in earnest');
        const place = await leadPlace(page);
        expect(place.picture).toBeDefined();
        expect(place.picture!).toBeLessThan(place.fold / 2);
        expect(place.headline!).toBeLessThanOrEqual(place.fold);
        await page.screenshot({ path: `${shots}/${name}-${viewport.width}.png`, fullPage: true });
        await expectNoAxeViolations(page);
        await page.context().close();
      }, 60_000);
    }
  }

  it('no front scrolls sideways at 320, 375, 768 or 1366px', async () => {
    for (const width of [320, 375, 768, 1366]) {
      for (const path of ['/', '/politics', '/politics?page=2']) {
        const page = await open(path, { width, height: 800 });
        const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: document.documentElement.clientWidth }));
        expect(widths.page, `${path} at ${width}px`).toBeLessThanOrEqual(widths.screen);
        await page.context().close();
      }
    }
  }, 120_000);

  it('the home page reads in order of importance: lead, top stories, section rails, opinion, the issue and the newsletters', async () => {
    const page = await open('/', desktop);
    const tops = await page.evaluate(() =>
      ['.lead', '.top-stories', '.front-rails', '.opinion-rail', '.latest-issue', '.newsletter-promo'].map((s) => Math.round(document.querySelector(s)!.getBoundingClientRect().top)),
    );
    // On a desktop the top stories stand beside the lead; everything else follows down the page.
    expect(tops[1]).toBeLessThan(tops[0]! + 100);
    expect(tops.slice(2)).toEqual([...tops.slice(2)].sort((a, b) => a - b));
    expect(tops[2]).toBeGreaterThan(tops[0]!);
    // The opinion rail shows its writer's photo, round, beside each piece.
    const photo = await page.locator('.opinion-rail img.writer-photo').first().boundingBox();
    expect(photo!.width).toBeGreaterThan(40);
    expect(photo!.width).toBe(photo!.height);
    await page.context().close();
  }, 60_000);
});
